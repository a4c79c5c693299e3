package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code /recommendations} answers: the recommendations of the latest completed profiling
 * window, most important first, with the window they come from.
 *
 * @param service the monitored service
 * @param state {@code off} (no {@code profiling} section), {@code waiting} (the first window has
 *     not ended yet) or {@code ready}
 * @param windowStart when the window began, or {@code null} before the first one ended
 * @param windowEnd when it ended, or {@code null}
 * @param engine what sampled CPU: {@code async-profiler} or {@code jfr}; {@code null} when off
 * @param cpuSharesApproximate true when CPU shares come from JFR's safepoint-biased samples
 * @param windows how many windows were analysed since the agent started
 * @param recommendations the latest window's recommendations, ranked
 */
public record AdviceReport(String service, String state, Instant windowStart, Instant windowEnd,
    String engine, boolean cpuSharesApproximate, long windows,
    List<Recommendation> recommendations) {

  /** Checks the required parts and copies the list. */
  public AdviceReport {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(state, "state");
    recommendations = List.copyOf(recommendations);
  }

  /** The answer while profiling is off. */
  public static AdviceReport off(String service) {
    return new AdviceReport(service, "off", null, null, null, false, 0, List.of());
  }

  /**
   * Writes this report as a JSON object named like the record components; instants are ISO-8601
   * strings or {@code null}.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("service").value(service)
        .name("state").value(state)
        .name("windowStart").value(windowStart == null ? null : windowStart.toString())
        .name("windowEnd").value(windowEnd == null ? null : windowEnd.toString())
        .name("engine").value(engine)
        .name("cpuSharesApproximate").value(cpuSharesApproximate)
        .name("windows").value(windows)
        .name("recommendations").beginArray();
    for (Recommendation r : recommendations) {
      r.toJson(out);
    }
    out.endArray().endObject();
  }

  /** This report as a JSON document. */
  public String toJson() {
    StringBuilder json = new StringBuilder(256 + 512 * recommendations.size());
    toJson(new JsonWriter(json));
    return json.toString();
  }
}
