package dev.perfagent.export.history;

import java.util.Arrays;

/**
 * One textual state of a layer (a breaker's {@code state}) over the samples a {@link StatusHistory}
 * keeps, {@code null} where the sample had none. The strings are the layer's own, not copies. Not
 * thread-safe: guarded by the history.
 */
final class StateSeries {

  private final String[] values;
  private long lastSeenSample = -1;

  StateSeries(int capacity) {
    values = new String[capacity];
  }

  void clear(long sample) {
    values[slot(sample)] = null;
  }

  void set(long sample, String value) {
    if (value != null) {
      values[slot(sample)] = value;
      lastSeenSample = sample;
    }
  }

  String get(long sample) {
    return values[slot(sample)];
  }

  boolean unseenFor(long sample, int samples) {
    return lastSeenSample < 0 || sample - lastSeenSample >= samples;
  }

  private int slot(long sample) {
    return (int) (sample % values.length);
  }

  @Override
  public String toString() {
    return "StateSeries" + Arrays.toString(values);
  }
}
