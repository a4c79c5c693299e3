package dev.perfagent.export.otlp;

import dev.perfagent.export.SiteMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The meters of the sites that share one {@code (rule, method)} pair, read from the same {@link
 * SiteMetrics} the Prometheus export reads:
 *
 * <ul>
 *   <li>{@code perfagent.method.calls}, {@code .errors}, {@code .slo_violations}: counters;
 *   <li>{@code perfagent.method.latency}: count (the calls) and sum of the latencies since the
 *       method was woven, in seconds (an OTLP histogram without buckets);
 *   <li>{@code perfagent.method.latency.quantile} (tag {@code quantile}: 0.5, 0.9, 0.99, 0.999):
 *       quantiles of the recent window in seconds, all four from one copy of the window per push;
 *   <li>{@code perfagent.method.slo}: the latency objective in seconds, while one is set.
 * </ul>
 *
 * <p>Every meter has the tags {@code rule} and {@code method}.
 */
final class SiteMeters {

  static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

  private final MeterRegistry registry;
  private final LabelGroup<SiteMetrics> sites;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  /**
   * The latency window the quantile gauges read. Held here because Micrometer's gauges hold their
   * object weakly: as a local it was collected at the first GC, and the gauges went NaN.
   */
  private final PushRound.Shared<Histogram> window;
  private Meter slo;

  SiteMeters(MeterRegistry registry, LabelGroup<SiteMetrics> sites, Tags tags, PushRound round) {
    this.registry = registry;
    this.sites = sites;
    this.tags = tags;
    counter("perfagent.method.calls", "Completed calls of the woven method.", SiteMetrics::calls);
    counter("perfagent.method.errors", "Calls of the woven method that ended with an exception.",
        SiteMetrics::errors);
    counter("perfagent.method.slo_violations", "Calls of the woven method slower than its SLO.",
        SiteMetrics::sloViolations);
    meters.add(FunctionTimer.builder("perfagent.method.latency", sites,
            g -> (long) g.sum(SiteMetrics::calls), g -> g.sum(SiteMetrics::totalNanos),
            TimeUnit.NANOSECONDS)
        .description("Latency of the woven method: count and sum since it was woven.")
        .tags(tags).register(registry));
    window = round.shared(() -> HistogramReads.merged(sites.members(), SiteMetrics::recentLatency));
    for (double q : QUANTILES) {
      meters.add(TimeGauge.builder("perfagent.method.latency.quantile", window, TimeUnit.NANOSECONDS,
              w -> HistogramReads.quantile(w.get(), q))
          .description("Latency of the woven method at a quantile of the recent window.")
          .tags(tags).tag("quantile", Double.toString(q)).register(registry));
    }
    refresh();
  }

  /** Shows the SLO gauge while some site of the group has an objective (a reload may change it). */
  void refresh() {
    boolean hasSlo = !Double.isNaN(sloNanos(sites));
    if (hasSlo && slo == null) {
      slo = TimeGauge.builder("perfagent.method.slo", sites, TimeUnit.NANOSECONDS, SiteMeters::sloNanos)
          .description("Latency objective of the woven method.").tags(tags).register(registry);
    } else if (!hasSlo && slo != null) {
      registry.remove(slo);
      slo = null;
    }
  }

  /** Removes every meter of the group from the registry. */
  void remove() {
    meters.forEach(registry::remove);
    meters.clear();
    if (slo != null) {
      registry.remove(slo);
      slo = null;
    }
  }

  private void counter(String name, String help, ToDoubleFunction<SiteMetrics> value) {
    meters.add(FunctionCounter.builder(name, sites, g -> g.sum(value))
        .description(help).tags(tags).register(registry));
  }

  /** The first objective among the sites, lowest id first, as in the Prometheus export. */
  private static double sloNanos(LabelGroup<SiteMetrics> sites) {
    for (SiteMetrics site : sites.members()) {
      try {
        OptionalLong slo = site.sloNanos();
        if (slo != null && slo.isPresent()) {
          return slo.getAsLong();
        }
      } catch (RuntimeException | LinkageError e) {
        // left out, as in a scrape
      }
    }
    return Double.NaN;
  }
}
