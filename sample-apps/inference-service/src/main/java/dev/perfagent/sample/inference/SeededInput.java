package dev.perfagent.sample.inference;

import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random model inputs: the same seed always gives the same vector, so a load
 * generator can send just a seed and results stay reproducible.
 */
public final class SeededInput {

  private SeededInput() {}

  /**
   * @param seed any value; equal seeds give equal vectors
   * @param size number of values
   * @return values uniformly distributed in [-1, 1)
   */
  public static float[] generate(long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1.0, 1.0);
    }
    return values;
  }
}
