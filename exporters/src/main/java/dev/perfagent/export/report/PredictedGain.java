package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;
import java.util.Objects;

/**
 * What acting on a {@link Recommendation} should gain, and how that figure was computed.
 *
 * @param amount the size of the gain in {@code unit}, positive for an improvement (18 for "18% less
 *     CPU")
 * @param unit the unit of {@code amount}, for example {@code % CPU} or {@code ms p99}
 * @param summary the gain in a few words, for example {@code -18% CPU}
 * @param formula how the figure was computed, in words, for example {@code Amdahl: 1/((1-p)+p/s)
 *     with p = 0.36, s = 2}
 */
public record PredictedGain(double amount, String unit, String summary, String formula) {

  /** Checks the texts are present. */
  public PredictedGain {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(formula, "formula");
  }

  /**
   * Writes this gain as a JSON object whose members are named like the record components.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("amount").value(amount)
        .name("unit").value(unit)
        .name("summary").value(summary)
        .name("formula").value(formula)
        .endObject();
  }
}
