package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The open-loop schedules have the statistics they claim, and a seed fixes them. */
class ArrivalScheduleTest {

  private static final int N = 200_000;

  @Test
  void poissonGapsAreExponentialWithTheRequestedMean() {
    long[] offsets = offsets(new Arrival.Poisson(1000).schedule(1), N);
    double[] gaps = gaps(offsets);
    double mean = Arrays.stream(gaps).average().orElseThrow();
    // Mean gap 1 ms; the standard error over 200k gaps is 0.22%, so 1% is far outside chance.
    assertEquals(1e6, mean, 1e4);
    // An exponential's standard deviation equals its mean (coefficient of variation 1).
    double sd = Math.sqrt(Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).average().orElseThrow());
    assertEquals(1.0, sd / mean, 0.02);
    // P(gap > mean) = 1/e, and P(gap > 3 mean) = e^-3: the tail is there, not just the mean.
    assertEquals(Math.exp(-1), fraction(gaps, mean), 0.005);
    assertEquals(Math.exp(-3), fraction(gaps, 3 * mean), 0.003);
  }

  @Test
  void poissonCountsPerWindowHaveVarianceEqualToMean() {
    long[] offsets = offsets(new Arrival.Poisson(1000).schedule(3), N);
    double[] counts = countsPerWindow(offsets, 100_000_000L); // 100 ms windows: 100 arrivals on average
    double mean = Arrays.stream(counts).average().orElseThrow();
    double variance = Arrays.stream(counts).map(c -> (c - mean) * (c - mean)).average().orElseThrow();
    assertEquals(100, mean, 1);
    assertEquals(1.0, variance / mean, 0.15); // index of dispersion of a Poisson process
  }

  @Test
  void burstyArrivalsComeInSimultaneousBurstsAtTheSameMeanRate() {
    int burst = 10;
    long[] offsets = offsets(new Arrival.Bursty(1000, burst).schedule(5), N);
    for (int i = 0; i < N; i += burst) {
      for (int j = 1; j < burst; j++) {
        assertEquals(offsets[i], offsets[i + j], "request " + (i + j) + " is in the burst of request " + i);
      }
      if (i > 0) {
        assertTrue(offsets[i] >= offsets[i - 1]);
      }
    }
    // Mean rate 1000/s: N requests take about N ms.
    assertEquals(N * 1e6, offsets[N - 1], N * 1e6 * 0.02);
    // Bursts are a Poisson process at 100/s: exponential gaps with mean 10 ms.
    long[] starts = new long[N / burst];
    for (int b = 0; b < starts.length; b++) {
      starts[b] = offsets[b * burst];
    }
    double[] gaps = gaps(starts);
    double mean = Arrays.stream(gaps).average().orElseThrow();
    assertEquals(1e7, mean, 1e7 * 0.03);
    assertEquals(Math.exp(-1), fraction(gaps, mean), 0.015);
    // Counted per 100 ms window the load is ~10x as variable as Poisson load of the same rate.
    double[] counts = countsPerWindow(offsets, 100_000_000L);
    double countMean = Arrays.stream(counts).average().orElseThrow();
    double variance = Arrays.stream(counts).map(c -> (c - countMean) * (c - countMean)).average().orElseThrow();
    assertEquals(burst, variance / countMean, burst * 0.2);
  }

  @Test
  void theSeedFixesTheSchedule() {
    assertArrayEquals(offsets(new Arrival.Poisson(500).schedule(7), 1000),
        offsets(new Arrival.Poisson(500).schedule(7), 1000));
    assertArrayEquals(offsets(new Arrival.Bursty(500, 4).schedule(7), 1000),
        offsets(new Arrival.Bursty(500, 4).schedule(7), 1000));
    assertFalse(Arrays.equals(offsets(new Arrival.Poisson(500).schedule(7), 1000),
        offsets(new Arrival.Poisson(500).schedule(8), 1000)));
  }

  @Test
  void offsetsNeverGoBackAndStartAfterZero() {
    long[] offsets = offsets(new Arrival.Poisson(2e8).schedule(11), N);
    assertTrue(offsets[0] >= 0);
    for (int i = 1; i < N; i++) {
      assertTrue(offsets[i] >= offsets[i - 1], "offset " + i);
    }
    // At 200M/s the gaps average 5 ns; rounding each one down to whole ns would make the rate ~10% too
    // high, keeping the sum exact does not.
    assertEquals(5.0 * N, offsets[N - 1], 5.0 * N * 0.02);
  }

  @Test
  void aClosedLoopHasNoSchedule() {
    assertThrows(UnsupportedOperationException.class, () -> new Arrival.Closed().schedule(1));
  }

  private static long[] offsets(ArrivalSchedule schedule, int n) {
    long[] offsets = new long[n];
    for (int i = 0; i < n; i++) {
      offsets[i] = schedule.nextOffsetNanos();
    }
    return offsets;
  }

  private static double[] gaps(long[] offsets) {
    double[] gaps = new double[offsets.length - 1];
    for (int i = 1; i < offsets.length; i++) {
      gaps[i - 1] = offsets[i] - offsets[i - 1];
    }
    return gaps;
  }

  private static double fraction(double[] values, double above) {
    return Arrays.stream(values).filter(v -> v > above).count() / (double) values.length;
  }

  /** Arrivals per window, over the whole windows the offsets cover. */
  private static double[] countsPerWindow(long[] offsets, long windowNanos) {
    int windows = (int) (offsets[offsets.length - 1] / windowNanos);
    double[] counts = new double[windows];
    for (long offset : offsets) {
      int w = (int) (offset / windowNanos);
      if (w < windows) {
        counts[w]++;
      }
    }
    return counts;
  }
}
