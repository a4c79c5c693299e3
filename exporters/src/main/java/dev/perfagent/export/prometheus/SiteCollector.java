package dev.perfagent.export.prometheus;

import dev.perfagent.export.SiteMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * Collects the per-site metric families from the registered {@link SiteMetrics} at scrape time.
 *
 * <p>Each family holds one data point per distinct {@code (rule, method)} pair; sites that share
 * both labels (the same method woven in two class loaders) are added together so that a scrape
 * never holds duplicate series. A site whose methods throw is left out of that scrape. Thread-safe:
 * sites are added and removed concurrently with scrapes.
 */
final class SiteCollector implements MultiCollector {

  static final String LATENCY = "perfagent_method_latency_seconds";
  static final String CALLS = "perfagent_method_calls";
  static final String ERRORS = "perfagent_method_errors";
  static final String SLO_VIOLATIONS = "perfagent_method_slo_violations";
  static final String SLO = "perfagent_method_slo_seconds";

  private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
  private static final double NANOS_PER_SECOND = 1e9;

  private final ConcurrentMap<Integer, SiteMetrics> sites = new ConcurrentHashMap<>();

  /** Adds a site, replacing any site with the same id. */
  void add(SiteMetrics site) {
    sites.put(site.id(), site);
  }

  /** Removes the site with this id, if present. */
  void remove(int id) {
    sites.remove(id);
  }

  /** Removes every site. */
  void clear() {
    sites.clear();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(LATENCY, CALLS, ERRORS, SLO_VIOLATIONS, SLO);
  }

  @Override
  public MetricSnapshots collect() {
    List<Reading> readings = read();
    List<MetricSnapshot> families = new ArrayList<>(5);
    if (!readings.isEmpty()) {
      families.add(latency(readings));
      families.add(counter(CALLS, "Completed calls of the woven method.", readings, r -> r.calls));
      families.add(counter(ERRORS, "Calls of the woven method that ended with an exception.",
          readings, r -> r.errors));
      families.add(counter(SLO_VIOLATIONS, "Calls of the woven method slower than its SLO.",
          readings, r -> r.sloViolations));
    }
    GaugeSnapshot.Builder slo = GaugeSnapshot.builder()
        .name(SLO).unit(Unit.SECONDS).help("Latency objective of the woven method.");
    boolean anySlo = false;
    for (Reading r : readings) {
      if (r.sloNanos.isPresent()) {
        anySlo = true;
        slo.dataPoint(GaugeDataPointSnapshot.builder()
            .labels(r.labels).value(r.sloNanos.getAsLong() / NANOS_PER_SECOND).build());
      }
    }
    if (anySlo) {
      families.add(slo.build());
    }
    return new MetricSnapshots(families);
  }

  /** Reads every site once, merging sites that share labels, ordered by rule and method. */
  private List<Reading> read() {
    Map<Labels, Reading> byLabels = new TreeMap<>();
    for (SiteMetrics site : sites.values()) {
      Reading reading;
      try {
        reading = Reading.of(site);
      } catch (RuntimeException | LinkageError e) {
        continue; // a broken site must not break the scrape of the others
      }
      byLabels.merge(reading.labels, reading, Reading::merge);
    }
    return new ArrayList<>(byLabels.values());
  }

  private static SummarySnapshot latency(List<Reading> readings) {
    SummarySnapshot.Builder summary = SummarySnapshot.builder()
        .name(LATENCY)
        .unit(Unit.SECONDS)
        .help("Latency of the woven method: quantiles over the recent window, "
            + "count and sum since it was woven.");
    for (Reading r : readings) {
      Quantile[] quantiles = new Quantile[QUANTILES.length];
      for (int i = 0; i < QUANTILES.length; i++) {
        double value = r.latency.getTotalCount() == 0
            ? Double.NaN
            : r.latency.getValueAtPercentile(QUANTILES[i] * 100) / NANOS_PER_SECOND;
        quantiles[i] = new Quantile(QUANTILES[i], value);
      }
      summary.dataPoint(SummaryDataPointSnapshot.builder()
          .labels(r.labels)
          .quantiles(Quantiles.of(quantiles))
          .count(r.calls)
          .sum(r.totalNanos / NANOS_PER_SECOND)
          .build());
    }
    return summary.build();
  }

  private static CounterSnapshot counter(
      String name, String help, List<Reading> readings, ToDoubleFunction<Reading> value) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
    for (Reading r : readings) {
      counter.dataPoint(CounterDataPointSnapshot.builder()
          .labels(r.labels).value(value.applyAsDouble(r)).build());
    }
    return counter.build();
  }

  /** One consistent-enough read of a site (or of several sites with the same labels). */
  private static final class Reading {
    final Labels labels;
    long calls;
    long errors;
    long sloViolations;
    long totalNanos;
    OptionalLong sloNanos;
    Histogram latency;

    private Reading(Labels labels) {
      this.labels = labels;
    }

    static Reading of(SiteMetrics site) {
      Reading r = new Reading(Labels.of(
          "rule", orEmpty(site.rule()), "method", orEmpty(site.method())));
      r.calls = Math.max(0, site.calls());
      r.errors = Math.max(0, site.errors());
      r.sloViolations = Math.max(0, site.sloViolations());
      r.totalNanos = Math.max(0, site.totalNanos());
      OptionalLong slo = site.sloNanos();
      r.sloNanos = slo == null ? OptionalLong.empty() : slo;
      Histogram latency = site.recentLatency();
      r.latency = latency == null ? new Histogram(2) : latency;
      return r;
    }

    /** Adds {@code other} into this reading; the first SLO seen wins. */
    Reading merge(Reading other) {
      calls += other.calls;
      errors += other.errors;
      sloViolations += other.sloViolations;
      totalNanos += other.totalNanos;
      if (sloNanos.isEmpty()) {
        sloNanos = other.sloNanos;
      }
      Histogram merged = new Histogram(latency.getNumberOfSignificantValueDigits());
      merged.add(latency);
      merged.add(other.latency);
      latency = merged;
      return this;
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }
}
