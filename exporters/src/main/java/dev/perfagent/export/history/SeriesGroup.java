package dev.perfagent.export.history;

import dev.perfagent.export.json.JsonWriter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named series of one site, or of one of its layers, in the order they first had a value: values
 * stored as read ({@link #value}) and counters stored as their rate per second between samples
 * ({@link #rate}). A series the site's {@link SeriesBudget} has no room for is not kept. Not
 * thread-safe: guarded by the history.
 */
final class SeriesGroup {

  private final int capacity;
  private final SeriesBudget budget;
  private final Map<String, Series> series = new LinkedHashMap<>();
  private final Map<String, CounterReading> counters = new HashMap<>();

  SeriesGroup(int capacity, SeriesBudget budget) {
    this.capacity = capacity;
    this.budget = budget;
  }

  /** Stores a value read at {@code sample}, such as a percentile or a gauge. */
  void value(String name, long sample, double value) {
    Series target = series(name);
    if (target != null) {
      target.set(sample, value);
    }
  }

  /**
   * Stores the rate per second of a counter read at {@code sample}: its increase since the previous
   * sample over {@code seconds}, the time between the two; a gap when either is unknown.
   */
  void rate(String name, long sample, double counter, double seconds) {
    Series target = series(name);
    if (target == null) {
      return;
    }
    double increase = counters.computeIfAbsent(name, n -> new CounterReading())
        .increase(counter, sample);
    target.set(sample, seconds > 0 ? increase / seconds : Double.NaN);
  }

  /**
   * Stores the ratio of two counters' increases since the previous sample, such as items per batch
   * over the last interval; a gap when the denominator did not grow.
   */
  void ratioOfIncreases(String name, long sample, double numerator, double denominator) {
    Series target = series(name);
    if (target == null) {
      return;
    }
    double top = counters.computeIfAbsent(name + "/numerator", n -> new CounterReading())
        .increase(numerator, sample);
    double bottom = counters.computeIfAbsent(name + "/denominator", n -> new CounterReading())
        .increase(denominator, sample);
    target.set(sample, bottom > 0 ? top / bottom : Double.NaN);
  }

  void clear(long sample) {
    for (Series s : series.values()) {
      s.clear(sample);
    }
  }

  /** Drops the series no sample in the whole ring, up to and including {@code sample}, set. */
  void prune(long sample) {
    int dropped = 0;
    for (Iterator<Map.Entry<String, Series>> it = series.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Series> entry = it.next();
      if (entry.getValue().unseenFor(sample, capacity)) {
        it.remove();
        counters.keySet().removeIf(key -> key.equals(entry.getKey())
            || key.startsWith(entry.getKey() + "/"));
        dropped++;
      }
    }
    budget.giveBack(dropped);
  }

  boolean isEmpty() {
    return series.isEmpty();
  }

  /** Writes an object with one array per series, one element per sample of {@code samples}. */
  void writeJson(JsonWriter out, long[] samples) {
    out.beginObject();
    series.forEach((name, values) -> {
      out.name(name).beginArray();
      for (long sample : samples) {
        writeFloat(out, values.get(sample));
      }
      out.endArray();
    });
    out.endObject();
  }

  /**
   * Writes a float in its shortest decimal form ({@code 0.1}, not the {@code 0.10000000149011612}
   * its double has); {@code NaN} as {@code null}.
   */
  static void writeFloat(JsonWriter out, float value) {
    if (Float.isNaN(value)) {
      out.nullValue();
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.value((long) value);
    } else {
      out.value(Double.parseDouble(Float.toString(value)));
    }
  }

  private Series series(String name) {
    Series existing = series.get(name);
    if (existing != null || !budget.take()) {
      return existing;
    }
    Series created = new Series(capacity);
    series.put(name, created);
    return created;
  }
}
