package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The continuous profiler's state in the {@code /status} report.
 *
 * @param engine what samples CPU: {@code async-profiler}, {@code jfr} or {@code off}
 * @param mode how: {@code perf_events}, {@code ctimer}, {@code itimer} (async-profiler), {@code jfr} or
 *     {@code none}
 * @param intervalMs the sampling interval now in force (longer than configured while backing off)
 * @param windowSeconds the length of one profiling window
 * @param windows windows completed so far
 * @param lastWindowEnd when the last completed window ended, or {@code null} before the first
 * @param lastOverheadPercent the profiler's share of the process's CPU time in the last window, or NaN
 * @param cpuSharesApproximate true when CPU samples come from JFR (taken at safepoint-biased points and
 *     only from threads running Java code), so shares between methods are approximate
 * @param lastError the last problem the profiler met (why async-profiler did not load, for example), or
 *     {@code null}
 * @param lastWindowSamples stack samples of the last window per kind ({@code cpu}, {@code wall},
 *     {@code alloc}, {@code lock})
 * @param lastWindowEvents JFR events of the last window per event type ({@code jdk.GarbageCollection})
 */
public record ProfilingStatus(
    String engine,
    String mode,
    double intervalMs,
    double windowSeconds,
    long windows,
    Instant lastWindowEnd,
    double lastOverheadPercent,
    boolean cpuSharesApproximate,
    String lastError,
    Map<String, Long> lastWindowSamples,
    Map<String, Long> lastWindowEvents) {

  /** Copies the maps, sorted by key; a null map becomes empty. */
  public ProfilingStatus {
    lastWindowSamples = lastWindowSamples == null ? Map.of() : sorted(lastWindowSamples);
    lastWindowEvents = lastWindowEvents == null ? Map.of() : sorted(lastWindowEvents);
  }

  private static Map<String, Long> sorted(Map<String, Long> map) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
  }

  /**
   * Writes this record as a JSON object whose members are named like the record components; the
   * maps are JSON objects, {@code lastWindowEnd} an ISO-8601 string.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("engine").value(engine)
        .name("mode").value(mode)
        .name("intervalMs").value(intervalMs)
        .name("windowSeconds").value(windowSeconds)
        .name("windows").value(windows)
        .name("lastWindowEnd").value(lastWindowEnd == null ? null : lastWindowEnd.toString())
        .name("lastOverheadPercent").value(lastOverheadPercent)
        .name("cpuSharesApproximate").value(cpuSharesApproximate)
        .name("lastError").value(lastError)
        .name("lastWindowSamples");
    counts(out, lastWindowSamples);
    out.name("lastWindowEvents");
    counts(out, lastWindowEvents);
    out.endObject();
  }

  private static void counts(JsonWriter out, Map<String, Long> counts) {
    out.beginObject();
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      out.name(entry.getKey()).value(entry.getValue().longValue());
    }
    out.endObject();
  }
}
