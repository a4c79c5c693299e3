package dev.perfagent.sample.inference;

/**
 * In-process load: each request is one {@link ScoringModel#score(float[])} call on the caller's own
 * thread, the "many threads each score one item" pattern a batching layer in front of {@code score}
 * would merge. Inputs come from a pool generated before the run, so input generation is not timed.
 */
public final class ModelTarget implements LoadTarget {

  /** Distinct inputs per run: enough that batches hold different items, small enough to stay in cache. */
  static final int INPUT_POOL_SIZE = 1024;

  private final ScoringModel model;
  private final float[][] inputs;
  /** Written once per worker at the end, so the JIT cannot drop a call whose result is unused. */
  private volatile float sink;

  /**
   * @param model the model to call; shared by every worker
   * @param seed seed of the inputs
   */
  public ModelTarget(ScoringModel model, long seed) {
    this.model = model;
    this.inputs = inputPool(model.inputSize(), seed);
  }

  @Override
  public Request newRequest(int worker) {
    int mask = INPUT_POOL_SIZE - 1;
    // Workers start at different places in the pool, so that concurrent callers send different items.
    int offset = worker * 7919;
    float[] checksum = new float[1];
    return sequence -> {
      float[] output = model.score(inputs[(int) (sequence + offset) & mask]);
      checksum[0] += output[0];
      if ((sequence & 0xFFFF) == 0) {
        sink = checksum[0];
      }
    };
  }

  /** @return {@value #INPUT_POOL_SIZE} seeded inputs of {@code size} values */
  static float[][] inputPool(int size, long seed) {
    float[][] pool = new float[INPUT_POOL_SIZE][];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = SeededInput.generate(seed * INPUT_POOL_SIZE + i, size);
    }
    return pool;
  }
}
