package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;
import java.util.Objects;

/**
 * One named number behind a {@link Recommendation}, with its unit and, for a share estimated from
 * samples, its 95% confidence interval.
 *
 * @param name what was measured, for example {@code self share of CPU samples}
 * @param value the measured value
 * @param unit the unit, for example {@code %}, {@code ms}, {@code samples}, {@code MB/s}
 * @param low lower end of the 95% confidence interval, or {@code null} when the value is not
 *     sampled
 * @param high upper end of the 95% confidence interval, or {@code null} when the value is not
 *     sampled
 */
public record Evidence(String name, double value, String unit, Double low, Double high) {

  /** Checks the name and unit are present. */
  public Evidence {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
  }

  /**
   * A measured (not sampled) value: no confidence interval.
   *
   * @param name what was measured
   * @param value the value
   * @param unit the unit
   * @return the evidence
   */
  public static Evidence of(String name, double value, String unit) {
    return new Evidence(name, value, unit, null, null);
  }

  /**
   * Writes this evidence as a JSON object; {@code low} and {@code high} are left out when there is
   * no interval.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject().name("name").value(name).name("value").value(value).name("unit").value(unit);
    if (low != null && high != null) {
      out.name("low").value(low).name("high").value(high);
    }
    out.endObject();
  }
}
