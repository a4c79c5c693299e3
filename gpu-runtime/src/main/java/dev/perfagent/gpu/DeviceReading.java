package dev.perfagent.gpu;

/**
 * The live figures of one device, read at one moment; {@code NaN} (or -1 for memory) where the device or
 * its driver does not tell.
 *
 * @param kind accelerator kind
 * @param index device index within its kind
 * @param utilization share of time the device was busy over the driver's last sample period, 0 to 1
 *     (the OS's recent CPU load for the CPU)
 * @param processUtilization share of the device's time this JVM process's own work kept it busy over the
 *     driver's recent sample period, 0 to 1 (NVML's per-process figure for a GPU; this process's CPU load for
 *     the CPU): what tells a GPU this process runs on from one that only happens to be present
 * @param memoryUsedBytes device memory in use, or -1 when unknown
 * @param memoryBandwidthUse share of time device memory was being read or written, 0 to 1
 * @param temperatureCelsius core temperature
 * @param powerWatts power draw
 */
public record DeviceReading(String kind, int index, double utilization, double processUtilization,
                            long memoryUsedBytes, double memoryBandwidthUse, double temperatureCelsius,
                            double powerWatts) {

    /**
     * A reading that knows nothing: what a device reports when its driver fails.
     *
     * @param kind accelerator kind
     * @param index device index
     * @return a reading with every figure unknown
     */
    public static DeviceReading unknown(String kind, int index) {
        return new DeviceReading(kind, index, Double.NaN, Double.NaN, -1, Double.NaN, Double.NaN, Double.NaN);
    }
}
