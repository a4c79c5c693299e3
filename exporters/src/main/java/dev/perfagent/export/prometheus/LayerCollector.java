package dev.perfagent.export.prometheus;

import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.SiteMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Collects the protection layers' figures ({@link SiteMetrics#layerMetrics()}) at scrape time:
 * each {@link LayerFigure} becomes a data point of the family {@code perfagent_<layer>_<name>}
 * with the site's {@code rule} and {@code method} labels plus the figure's own.
 *
 * <p>Data points with the same family and labels (the same method woven in two class loaders) are
 * merged: counters summed, the first gauge (lowest site id) kept. A family whose name is not a
 * valid Prometheus name, or that a layer reports once as a counter and once as a gauge, keeps its
 * first form and drops the rest; a layer whose methods throw is left out of that scrape.
 * Thread-safe: sites come and go concurrently with scrapes.
 */
final class LayerCollector implements MultiCollector {

  /** The layers' family prefixes, reserved against self-metrics of the same name. */
  static final List<String> PREFIXES = List.of("perfagent_cache_", "perfagent_circuit_breaker_",
      "perfagent_concurrency_limit_", "perfagent_rate_limit_");

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
  public MetricSnapshots collect() {
    List<SiteMetrics> byId = new ArrayList<>(sites.values());
    byId.sort(Comparator.comparingInt(SiteMetrics::id));
    Map<String, Family> families = new TreeMap<>();
    for (SiteMetrics site : byId) {
      List<Reading> readings;
      try {
        readings = read(site);
      } catch (RuntimeException | LinkageError e) {
        continue; // a broken layer must not break the scrape of the others
      }
      for (Reading r : readings) {
        Family family = families.computeIfAbsent(r.family, name -> new Family(r.figure.type(),
            r.figure.help()));
        if (family.type == r.figure.type()) {
          family.add(r.labels, r.figure.value());
        }
      }
    }
    List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
    families.forEach((name, family) -> snapshots.add(family.snapshot(name)));
    return new MetricSnapshots(snapshots);
  }

  private static List<Reading> read(SiteMetrics site) {
    List<Reading> readings = new ArrayList<>();
    Labels siteLabels = Labels.of("rule", site.rule(), "method", site.method());
    for (LayerMetrics layer : site.layerMetrics()) {
      String prefix = "perfagent_" + layer.layer() + "_";
      for (LayerFigure figure : layer.figures()) {
        String family = prefix + figure.name();
        if (!PrometheusNaming.isValidLegacyMetricName(family) || family.endsWith("_total")) {
          continue;
        }
        Labels labels = siteLabels;
        for (Map.Entry<String, String> label : new TreeMap<>(figure.labels()).entrySet()) {
          labels = labels.add(label.getKey(), label.getValue());
        }
        readings.add(new Reading(family, labels, figure));
      }
    }
    return readings;
  }

  private record Reading(String family, Labels labels, LayerFigure figure) {
  }

  /** One family's data points, merged by labels. */
  private static final class Family {
    final LayerFigure.Type type;
    final String help;
    final Map<Labels, Double> points = new LinkedHashMap<>();

    Family(LayerFigure.Type type, String help) {
      this.type = type;
      this.help = help;
    }

    void add(Labels labels, double value) {
      if (type == LayerFigure.Type.COUNTER) {
        points.merge(labels, value, Double::sum);
      } else {
        points.putIfAbsent(labels, value);
      }
    }

    MetricSnapshot snapshot(String name) {
      if (type == LayerFigure.Type.COUNTER) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        points.forEach((labels, value) -> counter.dataPoint(
            CounterDataPointSnapshot.builder().labels(labels).value(Math.max(0, value)).build()));
        return counter.build();
      }
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
      points.forEach((labels, value) -> gauge.dataPoint(
          GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
      return gauge.build();
    }
  }
}
