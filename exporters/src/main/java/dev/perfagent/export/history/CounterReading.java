package dev.perfagent.export.history;

/**
 * The last reading of a monotonic counter, to turn readings taken at each sample into increases.
 *
 * <p>A counter that reads less than before was restarted (a site woven again after a reload): its
 * new value is then the increase, as Prometheus' {@code rate} counts it. Not thread-safe: guarded by
 * the history.
 */
final class CounterReading {

  private double last = Double.NaN;
  private long lastSample = -1;

  /**
   * Takes the reading of {@code sample}.
   *
   * @return the increase since the previous sample, or {@code NaN} when the previous sample had no
   *     reading of this counter (the first reading, or a gap)
   */
  double increase(double value, long sample) {
    double increase = Double.NaN;
    if (lastSample == sample - 1 && lastSample >= 0 && Double.isFinite(last)
        && Double.isFinite(value)) {
      increase = value >= last ? value - last : value;
    }
    last = value;
    lastSample = sample;
    return increase;
  }
}
