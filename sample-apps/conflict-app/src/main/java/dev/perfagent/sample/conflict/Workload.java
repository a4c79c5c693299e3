package dev.perfagent.sample.conflict;

/** A small, deterministic CPU loop for an agent rule to time. */
public final class Workload {

  private Workload() {}

  /**
   * Runs {@code n} steps of a xorshift generator.
   *
   * @param n number of steps; 0 or less does nothing
   * @return a checksum of the steps, so the JIT cannot drop the loop
   */
  public static long work(int n) {
    long x = 0x9E3779B97F4A7C15L;
    long sum = 0;
    for (int i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      sum += x & 0xFF;
    }
    return sum;
  }
}
