package dev.perfagent.export.history;

import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.LayerStatus;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The history of one protection layer of a site, taken generically from its {@link LayerStatus}, so
 * a layer shows without the history knowing it: each gauge as read ({@code hit_ratio}, {@code
 * in_flight}), each counter as its rate per second under {@code <name>_per_s} ({@code
 * rejected_per_s}), each state word as read ({@code state}: {@code OPEN}). Figures with labels
 * (one number per partition or cause) are left out: they would multiply the series of a site.
 * Not thread-safe: guarded by the history.
 */
final class LayerHistory {

  /** The suffix of a counter's series: its rate per second. */
  static final String RATE_SUFFIX = "_per_s";

  private final String layer;
  private final int capacity;
  private final SeriesBudget budget;
  private final SeriesGroup figures;
  private final Map<String, StateSeries> states = new LinkedHashMap<>();

  LayerHistory(String layer, int capacity, SeriesBudget budget) {
    this.layer = layer;
    this.capacity = capacity;
    this.budget = budget;
    this.figures = new SeriesGroup(capacity, budget);
  }

  void record(LayerStatus status, long sample, double seconds) {
    for (LayerFigure figure : status.figures()) {
      if (!figure.labels().isEmpty() || status.states().containsKey(figure.name())) {
        continue; // labelled: see the class comment; named like a state: the state says it
      }
      if (figure.type() == LayerFigure.Type.COUNTER) {
        figures.rate(figure.name() + RATE_SUFFIX, sample, figure.value(), seconds);
      } else {
        figures.value(figure.name(), sample, figure.value());
      }
    }
    status.states().forEach((name, value) -> {
      StateSeries series = states.get(name);
      if (series == null && budget.take()) {
        series = new StateSeries(capacity);
        states.put(name, series);
      }
      if (series != null) {
        series.set(sample, value);
      }
    });
  }

  void clear(long sample) {
    figures.clear(sample);
    for (StateSeries s : states.values()) {
      s.clear(sample);
    }
  }

  /** Drops what no kept sample set; {@code true} when nothing is left. */
  boolean prune(long sample) {
    figures.prune(sample);
    int dropped = 0;
    for (Iterator<StateSeries> it = states.values().iterator(); it.hasNext(); ) {
      if (it.next().unseenFor(sample, capacity)) {
        it.remove();
        dropped++;
      }
    }
    budget.giveBack(dropped);
    return figures.isEmpty() && states.isEmpty();
  }

  void writeJson(JsonWriter out, long[] samples) {
    out.beginObject().name("layer").value(layer).name("series");
    figures.writeJson(out, samples);
    out.name("states").beginObject();
    states.forEach((name, values) -> {
      out.name(name).beginArray();
      for (long sample : samples) {
        out.value(values.get(sample));
      }
      out.endArray();
    });
    out.endObject().endObject();
  }
}
