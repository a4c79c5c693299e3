package dev.perfagent.sample.inference;

/**
 * The throughput ceiling of batching: each request is one {@link ScoringModel#scoreBatch(float[][])}
 * call on a batch formed before the run, so nothing is queued, handed over or copied per item. A
 * batcher with W workers in front of {@code score} can at best match W threads doing this.
 */
public final class CeilingTarget implements LoadTarget {

  private final ScoringModel model;
  private final float[][] inputs;
  private final int batchSize;
  private volatile float sink;

  /**
   * @param model the model to call; shared by every worker
   * @param batchSize items per call, at least 1
   * @param seed seed of the inputs
   */
  public CeilingTarget(ScoringModel model, int batchSize, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.model = model;
    this.batchSize = batchSize;
    this.inputs = ModelTarget.inputPool(model.inputSize(), seed);
  }

  @Override
  public Request newRequest(int worker) {
    // Each worker owns a few distinct batches, cycled, built from the shared pool before the clock starts.
    float[][][] batches = new float[4][batchSize][];
    int next = worker * batchSize * batches.length;
    for (float[][] batch : batches) {
      for (int i = 0; i < batchSize; i++) {
        batch[i] = inputs[next++ & (ModelTarget.INPUT_POOL_SIZE - 1)];
      }
    }
    float[] checksum = new float[1];
    return sequence -> {
      float[][] outputs = model.scoreBatch(batches[(int) (sequence & 3)]);
      checksum[0] += outputs[0][0];
      if ((sequence & 0xFFF) == 0) {
        sink = checksum[0];
      }
    };
  }

  @Override
  public int itemsPerRequest() {
    return batchSize;
  }
}
