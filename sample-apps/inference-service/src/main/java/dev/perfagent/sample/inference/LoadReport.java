package dev.perfagent.sample.inference;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What one {@code load} or {@code bench} run measured, printed as one line of JSON with keys in a
 * fixed order. Figures are over the requests that finished within the measured period (see {@link
 * LoadGenerator}); rates are items per second over its length; latencies are in microseconds, over
 * the completed requests (HdrHistogram, 3 significant digits).
 *
 * <p>{@code goodput} is items per second completed within {@code --slo}, and {@code within_slo} the
 * fraction of the finished requests (completed or failed) that were; both are {@code null} without
 * an objective. {@code offered} is the number of requests due in the period (open loop), and {@code
 * unsent} the backlog the generator abandoned at its end. {@code batch_calls} and {@code batched_items} count the model's {@code
 * scoreBatch} calls during the measured period, whoever made them: the ceiling mode, or a batching
 * layer in front of {@code score}; {@code null} over HTTP, where the model is in another process.
 *
 * @param mode {@code closed}, {@code open} or {@code ceiling}
 * @param target {@code in-process}, or the URL of an HTTP run
 * @param model the model's {@code --model} name; null over HTTP
 * @param plan how the load was driven
 * @param itemsPerRequest 1, or the batch size of a ceiling run
 * @param figures what the generator measured
 * @param batchCalls {@code scoreBatch} calls in the measured period, or -1 if unknown
 * @param batchedItems items in those calls, or -1 if unknown
 */
public record LoadReport(
    String mode,
    String target,
    String model,
    LoadPlan plan,
    int itemsPerRequest,
    LoadFigures figures,
    long batchCalls,
    long batchedItems) {

  /** @return completed items per second */
  public double itemsPerSecond() {
    return rate(figures.completed());
  }

  /** @return items per second completed within the objective, if there is one */
  public Optional<Double> goodput() {
    return plan.slo().map(slo -> rate(figures.withinSlo()));
  }

  /** @return microseconds at a percentile (0..100) of the completed requests' latency */
  public double latencyMicros(double percentile) {
    return micros(figures.latency(), percentile);
  }

  private double rate(long requests) {
    double seconds = figures.elapsedNanos() / 1e9;
    return seconds > 0 ? requests * (double) itemsPerRequest / seconds : 0.0;
  }

  private static double micros(Histogram histogram, double percentile) {
    if (histogram.getTotalCount() == 0) {
      return 0.0;
    }
    long nanos = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
    return nanos / 1e3;
  }

  /** @return the report as one line of JSON */
  public String toJson() {
    StringBuilder json = new StringBuilder(512).append('{');
    field(json, "mode", quote(mode));
    field(json, "target", quote(target));
    field(json, "model", model == null ? "null" : quote(model));
    field(json, "clients", Integer.toString(plan.clients()));
    field(json, "threads", "\"" + (plan.virtualThreads() ? "virtual" : "platform") + "\"");
    field(json, "arrival", quote(plan.arrival().describe()));
    field(json, "batch_size", Integer.toString(itemsPerRequest));
    field(json, "duration_s", format("%.3f", figures.elapsedNanos() / 1e9));
    field(json, "offered", Long.toString(figures.offered()));
    field(json, "completed", Long.toString(figures.completed()));
    field(json, "errors", Long.toString(figures.errorCount()));
    field(json, "unsent", Long.toString(figures.unsent()));
    field(json, "items_per_sec", format("%.1f", itemsPerSecond()));
    field(json, "p50_us", format("%.1f", latencyMicros(50)));
    field(json, "p90_us", format("%.1f", latencyMicros(90)));
    field(json, "p99_us", format("%.1f", latencyMicros(99)));
    field(json, "p999_us", format("%.1f", latencyMicros(99.9)));
    field(json, "max_us", format("%.1f", latencyMicros(100)));
    field(json, "lag_p99_us", format("%.1f", micros(figures.lag(), 99)));
    field(json, "slo_us", plan.slo().map(slo -> format("%.1f", slo.toNanos() / 1e3)).orElse("null"));
    field(json, "within_slo", plan.slo().map(slo -> format("%.4f", withinSloFraction())).orElse("null"));
    field(json, "goodput", goodput().map(g -> format("%.1f", g)).orElse("null"));
    field(json, "batch_calls", batchCalls < 0 ? "null" : Long.toString(batchCalls));
    field(json, "batched_items", batchedItems < 0 ? "null" : Long.toString(batchedItems));
    field(json, "stuck_workers", Integer.toString(figures.stuckWorkers()));
    field(json, "error_types", errorTypes(figures.errors()));
    json.setLength(json.length() - 1); // the last comma
    return json.append('}').toString();
  }

  private double withinSloFraction() {
    long finished = figures.completed() + figures.errorCount();
    return finished == 0 ? 0.0 : figures.withinSlo() / (double) finished;
  }

  private static String errorTypes(Map<String, Long> errors) {
    return errors.entrySet().stream()
        .map(e -> quote(e.getKey()) + ":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static void field(StringBuilder json, String key, String value) {
    json.append('"').append(key).append("\":").append(value).append(',');
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }

  /** A JSON string; the values here are names, URLs and exception names, but quote them properly anyway. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
