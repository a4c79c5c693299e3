package dev.perfagent.export.report;

import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.SiteMetrics;
import dev.perfagent.export.json.JsonWriter;
import java.util.List;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * The live figures of one site in the {@code /status} report.
 *
 * <p>Latencies are in milliseconds over the site's recent window; they are {@code NaN} (written as
 * JSON {@code null}) when the window holds no call.
 *
 * @param id the site id
 * @param rule the configuration rule that matched the method
 * @param method the method, for example {@code com.example.Foo#bar(float[])}
 * @param layers the layers stacked on the site, outermost first, for example {@code [timing,
 *     cache]}
 * @param calls completed calls since the site was woven
 * @param errors calls that ended with an exception
 * @param sloViolations calls slower than the SLO
 * @param p50Ms median latency of the recent window
 * @param p90Ms 90th percentile latency of the recent window
 * @param p99Ms 99th percentile latency of the recent window
 * @param p999Ms 99.9th percentile latency of the recent window
 * @param maxMs largest latency of the recent window
 * @param sloMs the latency objective, or {@code null} when the rule sets none
 * @param batch the figures of the site's batch layer, or {@code null} when the site is not batched
 * @param protections the site's protection layers (cache, breaker, limits), outermost first
 */
public record SiteStatus(
    int id,
    String rule,
    String method,
    List<String> layers,
    long calls,
    long errors,
    long sloViolations,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    Double sloMs,
    BatchStatus batch,
    List<LayerStatus> protections) {

  private static final double NANOS_PER_MILLI = 1e6;

  /** Copies the lists; a null list becomes empty. */
  public SiteStatus {
    layers = layers == null ? List.of() : List.copyOf(layers);
    protections = protections == null ? List.of() : List.copyOf(protections);
  }

  /**
   * A site without protection layers.
   *
   * @param id the site id
   * @param rule the configuration rule that matched the method
   * @param method the method
   * @param layers the layers stacked on the site, outermost first
   * @param calls completed calls since the site was woven
   * @param errors calls that ended with an exception
   * @param sloViolations calls slower than the SLO
   * @param p50Ms median latency of the recent window
   * @param p90Ms 90th percentile latency of the recent window
   * @param p99Ms 99th percentile latency of the recent window
   * @param p999Ms 99.9th percentile latency of the recent window
   * @param maxMs largest latency of the recent window
   * @param sloMs the latency objective, or {@code null} when the rule sets none
   * @param batch the figures of the site's batch layer, or {@code null}
   */
  public SiteStatus(int id, String rule, String method, List<String> layers, long calls,
      long errors, long sloViolations, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
      double maxMs, Double sloMs, BatchStatus batch) {
    this(id, rule, method, layers, calls, errors, sloViolations, p50Ms, p90Ms, p99Ms, p999Ms,
        maxMs, sloMs, batch, List.of());
  }

  /**
   * A site that is not batched: {@link #batch()} is {@code null}.
   *
   * @param id the site id
   * @param rule the configuration rule that matched the method
   * @param method the method
   * @param layers the layers stacked on the site, outermost first
   * @param calls completed calls since the site was woven
   * @param errors calls that ended with an exception
   * @param sloViolations calls slower than the SLO
   * @param p50Ms median latency of the recent window
   * @param p90Ms 90th percentile latency of the recent window
   * @param p99Ms 99th percentile latency of the recent window
   * @param p999Ms 99.9th percentile latency of the recent window
   * @param maxMs largest latency of the recent window
   * @param sloMs the latency objective, or {@code null} when the rule sets none
   */
  public SiteStatus(int id, String rule, String method, List<String> layers, long calls,
      long errors, long sloViolations, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
      double maxMs, Double sloMs) {
    this(id, rule, method, layers, calls, errors, sloViolations, p50Ms, p90Ms, p99Ms, p999Ms,
        maxMs, sloMs, null, List.of());
  }

  /**
   * Takes a snapshot of a site: its counters and the percentiles of {@link
   * SiteMetrics#recentLatency()}.
   *
   * @param metrics the site
   * @param layers the names of the layers stacked on the site, outermost first
   * @return the snapshot
   */
  public static SiteStatus from(SiteMetrics metrics, List<String> layers) {
    return from(metrics, layers, null);
  }

  /**
   * Takes a snapshot of a site, of its batch layer if it is batched ({@link
   * BatchStatus#from(BatchMetrics)}) and of its protection layers ({@link
   * SiteMetrics#layerMetrics()}).
   *
   * @param metrics the site
   * @param layers the names of the layers stacked on the site, outermost first
   * @param batch the site's batch layer, or {@code null} when the site is not batched
   * @return the snapshot
   */
  public static SiteStatus from(SiteMetrics metrics, List<String> layers, BatchMetrics batch) {
    return from(metrics, layers, batch, false);
  }

  /**
   * Takes a snapshot of a site as {@link #from(SiteMetrics, List, BatchMetrics)} does, with the
   * values its layers take from the host's data ({@link LayerStatus#from(
   * dev.perfagent.export.LayerMetrics, boolean)}) when {@code showValues}.
   *
   * @param metrics the site
   * @param layers the names of the layers stacked on the site, outermost first
   * @param batch the site's batch layer, or {@code null} when the site is not batched
   * @param showValues whether to include values from the host's data, such as a cache's hottest
   *     keys (only when the user asked to see them)
   * @return the snapshot
   */
  public static SiteStatus from(SiteMetrics metrics, List<String> layers, BatchMetrics batch,
      boolean showValues) {
    Histogram latency = metrics.recentLatency();
    OptionalLong slo = metrics.sloNanos();
    return new SiteStatus(
        metrics.id(),
        metrics.rule(),
        metrics.method(),
        layers,
        metrics.calls(),
        metrics.errors(),
        metrics.sloViolations(),
        percentileMs(latency, 50),
        percentileMs(latency, 90),
        percentileMs(latency, 99),
        percentileMs(latency, 99.9),
        latency == null || latency.getTotalCount() == 0
            ? Double.NaN
            : latency.getMaxValue() / NANOS_PER_MILLI,
        slo != null && slo.isPresent() ? slo.getAsLong() / NANOS_PER_MILLI : null,
        batch == null ? null : BatchStatus.from(batch),
        metrics.layerMetrics().stream().map(m -> LayerStatus.from(m, showValues)).toList());
  }

  private static double percentileMs(Histogram latency, double percentile) {
    if (latency == null || latency.getTotalCount() == 0) {
      return Double.NaN;
    }
    return latency.getValueAtPercentile(percentile) / NANOS_PER_MILLI;
  }

  /**
   * Writes this site as a JSON object whose members are named like the record components; {@code
   * batch} is left out when it is {@code null}, {@code protections} when it is empty.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("id").value(id)
        .name("rule").value(rule)
        .name("method").value(method)
        .name("layers").stringArray(layers)
        .name("calls").value(calls)
        .name("errors").value(errors)
        .name("sloViolations").value(sloViolations)
        .name("p50Ms").value(p50Ms)
        .name("p90Ms").value(p90Ms)
        .name("p99Ms").value(p99Ms)
        .name("p999Ms").value(p999Ms)
        .name("maxMs").value(maxMs)
        .name("sloMs").value(sloMs);
    if (batch != null) {
      batch.toJson(out.name("batch"));
    }
    if (!protections.isEmpty()) {
      out.name("protections").beginArray();
      for (LayerStatus layer : protections) {
        layer.toJson(out);
      }
      out.endArray();
    }
    out.endObject();
  }
}
