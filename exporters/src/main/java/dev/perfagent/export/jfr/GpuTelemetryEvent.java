package dev.perfagent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;

/**
 * One device's readings, emitted every {@code gpu.period} by the agent's telemetry thread: utilisation (the
 * device's, and this process's share of it), memory, memory bandwidth use, temperature and power; {@code NaN} (memory: -1) where the device does not
 * report a figure (the CPU's temperature, for example).
 *
 * <pre>{@code
 * jfr print --events dev.perfagent.GpuTelemetry rec.jfr
 * }</pre>
 */
@Name(GpuTelemetryEvent.NAME)
@Label("perf-agent device telemetry")
@Category({"perf-agent", "Accelerator"})
@Description("Readings of one device (a CUDA GPU, or the CPU where no GPU is used), every gpu.period.")
@StackTrace(false)
public final class GpuTelemetryEvent extends Event {

  /** The event name in a recording. */
  public static final String NAME = "dev.perfagent.GpuTelemetry";

  private static final GpuTelemetryEvent PROBE = new GpuTelemetryEvent();

  @Label("Kind")
  @Description("cuda or cpu")
  String kind;

  @Label("Index")
  @Description("The device's index within its kind")
  int index;

  @Label("Device")
  @Description("The device's name")
  String device;

  @Label("Utilization")
  @Description("Share of time the device was busy (the CPU: recent CPU load)")
  @Percentage
  double utilization;

  @Label("Process Utilization")
  @Description("Share of the device's time this process's own work took (the CPU: this process's CPU load)")
  @Percentage
  double processUtilization;

  @Label("Memory Used")
  @DataAmount
  long memoryUsed;

  @Label("Memory Total")
  @DataAmount
  long memoryTotal;

  @Label("Memory Bandwidth Use")
  @Description("Share of time device memory was being read or written")
  @Percentage
  double memoryBandwidth;

  @Label("Temperature")
  @Description("Core temperature in degrees Celsius")
  double temperature;

  @Label("Power")
  @Description("Power draw in watts")
  double power;

  private GpuTelemetryEvent() {}

  /**
   * Whether a recording wants these events now.
   *
   * @return {@code true} if {@link #emit} would record an event
   */
  public static boolean enabled() {
    return PROBE.isEnabled();
  }

  /**
   * Records one device's readings if a recording wants them.
   *
   * @param kind {@code cuda} or {@code cpu}
   * @param index device index
   * @param device device name
   * @param utilization 0 to 1, or NaN
   * @param processUtilization this process's share, 0 to 1, or NaN
   * @param memoryUsedBytes bytes in use, or -1
   * @param memoryTotalBytes the device's memory
   * @param memoryBandwidth 0 to 1, or NaN
   * @param temperatureCelsius degrees, or NaN
   * @param powerWatts watts, or NaN
   */
  public static void emit(String kind, int index, String device, double utilization, double processUtilization,
      long memoryUsedBytes, long memoryTotalBytes, double memoryBandwidth, double temperatureCelsius,
      double powerWatts) {
    if (!PROBE.isEnabled()) {
      return;
    }
    GpuTelemetryEvent event = new GpuTelemetryEvent();
    if (!event.shouldCommit()) {
      return;
    }
    event.kind = kind;
    event.index = index;
    event.device = device;
    event.utilization = utilization;
    event.processUtilization = processUtilization;
    event.memoryUsed = memoryUsedBytes;
    event.memoryTotal = memoryTotalBytes;
    event.memoryBandwidth = memoryBandwidth;
    event.temperature = temperatureCelsius;
    event.power = powerWatts;
    event.commit();
  }
}
