package dev.perfagent.export.history;

import java.util.Arrays;

/**
 * One number of one site over the samples a {@link StatusHistory} keeps: a ring of floats whose
 * slots line up with the history's sample times, {@code NaN} where the sample had no value.
 *
 * <p>Floats, not doubles: the history holds every series of every site, and seven significant
 * digits are more than a chart shows. Not thread-safe: guarded by the history.
 */
final class Series {

  private final float[] values;
  private long lastSeenSample = -1;

  Series(int capacity) {
    values = new float[capacity];
    Arrays.fill(values, Float.NaN);
  }

  /** Empties the slot of {@code sample} before that sample is recorded. */
  void clear(long sample) {
    values[slot(sample)] = Float.NaN;
  }

  /**
   * Stores the value of {@code sample}; a non-finite value (no calls to take a percentile of, a
   * first counter reading) stays a gap, but the series counts as seen.
   */
  void set(long sample, double value) {
    values[slot(sample)] = Double.isFinite(value) ? (float) value : Float.NaN;
    lastSeenSample = sample;
  }

  /** The value of {@code sample}, {@code NaN} if none (or if the sample is no longer kept). */
  float get(long sample) {
    return values[slot(sample)];
  }

  /** Whether no sample of the last {@code samples} up to {@code sample} set this series. */
  boolean unseenFor(long sample, int samples) {
    return lastSeenSample < 0 || sample - lastSeenSample >= samples;
  }

  private int slot(long sample) {
    return (int) (sample % values.length);
  }
}
