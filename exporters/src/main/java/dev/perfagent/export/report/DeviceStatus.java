package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;

/**
 * One device in the {@code gpu} member of {@code /status}: what it is and its last readings
 * ({@code null} in JSON where unknown).
 *
 * @param kind {@code cuda} or {@code cpu}
 * @param index device index within its kind
 * @param name the device's name
 * @param computeCapability CUDA compute capability such as {@code 9.0}; empty for the CPU
 * @param cores CPU cores, or the GPU's multiprocessors
 * @param totalMemoryBytes the device's memory
 * @param memoryUsedBytes memory in use at the last reading, or -1
 * @param utilization 0 to 1, or NaN
 * @param processUtilization the share of the device's time this process's own work took, 0 to 1, or NaN
 * @param memoryBandwidth share of time device memory was read or written, 0 to 1, or NaN
 * @param temperatureCelsius degrees Celsius, or NaN
 * @param powerWatts watts, or NaN
 */
public record DeviceStatus(String kind, int index, String name, String computeCapability, int cores,
    long totalMemoryBytes, long memoryUsedBytes, double utilization, double processUtilization,
    double memoryBandwidth, double temperatureCelsius, double powerWatts) {

  /**
   * Writes this device as a JSON object named like the record components.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("kind").value(kind)
        .name("index").value(index)
        .name("name").value(name)
        .name("computeCapability").value(computeCapability)
        .name("cores").value(cores)
        .name("totalMemoryBytes").value(totalMemoryBytes)
        .name("memoryUsedBytes");
    if (memoryUsedBytes < 0) {
      out.nullValue();
    } else {
      out.value(memoryUsedBytes);
    }
    out.name("utilization").value(utilization)
        .name("processUtilization").value(processUtilization)
        .name("memoryBandwidth").value(memoryBandwidth)
        .name("temperatureCelsius").value(temperatureCelsius)
        .name("powerWatts").value(powerWatts)
        .endObject();
  }
}
