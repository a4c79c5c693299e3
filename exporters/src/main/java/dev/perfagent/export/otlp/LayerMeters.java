package dev.perfagent.export.otlp;

import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.SiteMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The meters of the protection layers' figures ({@link SiteMetrics#layerMetrics()}) of the sites
 * that share one {@code (rule, method)} pair. Each {@link LayerFigure} {@code <name>} of layer
 * {@code <layer>} becomes {@code perfagent.<layer>.<name>}, with a unit suffix of the name moved
 * into the OTLP unit, in the words Micrometer uses for its timers ({@code load_seconds}: {@code
 * perfagent.cache.load}, unit {@code seconds}; {@code _bytes}: {@code bytes}; a {@code _ratio}, a
 * share from 0 to 1, keeps its name: {@code perfagent.cache.hit_ratio}), and the tags {@code rule},
 * {@code method} and the figure's own labels. Counters are summed over the sites, gauges taken from
 * the lowest id, as in the Prometheus export.
 *
 * <p>The figures are listed once per push for all their meters. The set of figures may change
 * over a site's life (a reload swaps layers; an algorithm's first estimate appears): {@link
 * #refresh()} binds the figures that appeared and drops those that are gone.
 */
final class LayerMeters {

  /** Unit suffixes of figure names and their OTLP units (Micrometer writes timers' as {@code seconds}). */
  private static final Map<String, String> UNITS = Map.of("_seconds", "seconds", "_bytes", "bytes");

  private final MeterRegistry registry;
  private final LabelGroup<SiteMetrics> sites;
  private final Tags tags;
  private final PushRound.Shared<Map<FigureKey, Reading>> figures;
  private final Map<FigureKey, Meter> meters = new HashMap<>();

  LayerMeters(MeterRegistry registry, LabelGroup<SiteMetrics> sites, Tags tags, PushRound round) {
    this.registry = registry;
    this.sites = sites;
    this.tags = tags;
    this.figures = round.shared(this::read);
    refresh();
  }

  /** Binds a meter to each figure the sites show now and removes those of figures gone. */
  void refresh() {
    Map<FigureKey, Reading> now = read();
    meters.entrySet().removeIf(e -> {
      if (now.containsKey(e.getKey())) {
        return false;
      }
      registry.remove(e.getValue());
      return true;
    });
    now.forEach((key, reading) -> meters.computeIfAbsent(key, k -> bind(k, reading)));
  }

  /** Removes every meter of the group from the registry. */
  void remove() {
    meters.values().forEach(registry::remove);
    meters.clear();
  }

  private Meter bind(FigureKey key, Reading first) {
    Tags all = tags;
    for (Map.Entry<String, String> label : key.labels().entrySet()) {
      all = all.and(label.getKey(), label.getValue());
    }
    String name = key.name();
    String unit = null;
    for (Map.Entry<String, String> suffix : UNITS.entrySet()) {
      if (name.endsWith(suffix.getKey())) {
        name = name.substring(0, name.length() - suffix.getKey().length());
        unit = suffix.getValue();
      }
    }
    String meterName = "perfagent." + key.layer() + "." + name;
    if (first.type() == LayerFigure.Type.COUNTER) {
      return FunctionCounter.builder(meterName, figures, f -> value(f, key))
          .description(first.help()).baseUnit(unit).tags(all).register(registry);
    }
    return Gauge.builder(meterName, figures, f -> value(f, key))
        .description(first.help()).baseUnit(unit).tags(all).register(registry);
  }

  private static double value(PushRound.Shared<Map<FigureKey, Reading>> figures, FigureKey key) {
    Reading reading = figures.get().get(key);
    return reading == null ? Double.NaN : reading.value();
  }

  /** Every figure of every site of the group, merged by name and labels. */
  private Map<FigureKey, Reading> read() {
    Map<FigureKey, Reading> all = new LinkedHashMap<>();
    for (SiteMetrics site : sites.members()) {
      List<LayerMetrics> layers;
      try {
        layers = site.layerMetrics();
        for (LayerMetrics layer : layers) {
          for (LayerFigure figure : layer.figures()) {
            FigureKey key = new FigureKey(layer.layer(), figure.name(), new TreeMap<>(figure.labels()));
            all.merge(key, new Reading(figure.type(), figure.help(), figure.value()), Reading::merge);
          }
        }
      } catch (RuntimeException | LinkageError e) {
        // a broken layer is left out of this push, as it is out of a scrape
      }
    }
    return all;
  }

  /** One figure across the sites of the group. */
  private record FigureKey(String layer, String name, Map<String, String> labels) {
  }

  /** A figure's value: counters add up; the first gauge (lowest site id) stays. */
  private record Reading(LayerFigure.Type type, String help, double value) {
    Reading merge(Reading other) {
      if (type != other.type() || type == LayerFigure.Type.GAUGE) {
        return this;
      }
      return new Reading(type, help, Math.max(0, value) + Math.max(0, other.value()));
    }
  }
}
