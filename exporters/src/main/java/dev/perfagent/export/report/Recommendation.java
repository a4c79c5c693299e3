package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One bottleneck the advisor found: where the time or memory goes, the evidence, what to change
 * and what that should gain. Served by {@code /recommendations} and printed by {@code perf-agent
 * analyze}.
 *
 * @param id stable identifier: the kind and a hash of {@code where}, so the same finding keeps its
 *     id from one window to the next
 * @param kind the detector's concern, for example {@code hot-method}, {@code gc-pressure}
 * @param severity how urgent
 * @param where the place: {@code class#method}, a monitor class, {@code host:port}, an allocation
 *     site, or {@code GC}
 * @param evidence the numbers behind the finding
 * @param action what to change, in plain words
 * @param config a perf-agent config YAML snippet that makes the change where the agent itself can,
 *     or {@code null}
 * @param gain the predicted gain
 */
public record Recommendation(
    String id,
    String kind,
    Severity severity,
    String where,
    List<Evidence> evidence,
    String action,
    String config,
    PredictedGain gain) {

  /** Checks the required parts and copies the evidence list. */
  public Recommendation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(gain, "gain");
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  /**
   * Builds a recommendation whose id is {@link #idFor(String, String)}.
   *
   * @param kind the detector's concern
   * @param severity how urgent
   * @param where the place
   * @param evidence the numbers behind the finding
   * @param action what to change
   * @param config the config snippet, or {@code null}
   * @param gain the predicted gain
   * @return the recommendation
   */
  public static Recommendation of(String kind, Severity severity, String where,
      List<Evidence> evidence, String action, String config, PredictedGain gain) {
    return new Recommendation(idFor(kind, where), kind, severity, where, evidence, action, config,
        gain);
  }

  /**
   * The stable id of a finding: {@code kind-xxxxxxxx}, the hex of {@link String#hashCode()} of
   * {@code where} (whose value the Java specification fixes, so it is the same in every JVM).
   *
   * @param kind the detector's concern
   * @param where the place
   * @return the id
   */
  public static String idFor(String kind, String where) {
    return kind + "-" + String.format(Locale.ROOT, "%08x", where.hashCode());
  }

  /**
   * Writes this recommendation as a JSON object whose members are named like the record
   * components; {@code config} is left out when it is {@code null}.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("id").value(id)
        .name("kind").value(kind)
        .name("severity").value(severity.name())
        .name("where").value(where)
        .name("evidence").beginArray();
    for (Evidence e : evidence) {
      e.toJson(out);
    }
    out.endArray().name("action").value(action);
    if (config != null) {
      out.name("config").value(config);
    }
    gain.toJson(out.name("gain"));
    out.endObject();
  }
}
