package dev.perfagent.sample.inference;

import java.util.SplittableRandom;

/**
 * Groups of {@code groupSize} requests due at the same instant, the groups arriving as a Poisson
 * process: exponentially distributed gaps with mean {@code 1 / groupRate}, drawn from a seeded
 * generator. A group size of 1 is the plain Poisson process. Times are kept as a {@code double}
 * so that rounding each gap to whole nanoseconds does not bias the rate at high rates.
 */
final class PoissonSchedule implements ArrivalSchedule {

  private final double meanGapNanos;
  private final int groupSize;
  private final SplittableRandom random;
  private double groupAt;
  private int leftInGroup;

  /**
   * @param groupRate groups per second, positive
   * @param groupSize requests per group, at least 1
   * @param seed seed of the gaps
   */
  PoissonSchedule(double groupRate, int groupSize, long seed) {
    if (!(groupRate > 0) || groupSize < 1) {
      throw new IllegalArgumentException("rate must be positive and group size at least 1");
    }
    this.meanGapNanos = 1e9 / groupRate;
    this.groupSize = groupSize;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public long nextOffsetNanos() {
    if (leftInGroup == 0) {
      // Inverse transform: -ln(U) is exponential with mean 1 for U uniform in (0, 1]; 1 - nextDouble()
      // is in (0, 1], which keeps the logarithm finite.
      groupAt += -Math.log(1.0 - random.nextDouble()) * meanGapNanos;
      leftInGroup = groupSize;
    }
    leftInGroup--;
    return (long) groupAt;
  }
}
