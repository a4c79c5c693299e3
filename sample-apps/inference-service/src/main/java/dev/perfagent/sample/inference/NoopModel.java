package dev.perfagent.sample.inference;

/**
 * A model that does no work: every item scores to the same constant output. Serving it measures
 * what the service costs around the model (HTTP, parsing, threads), the ceiling against which a
 * batching layer's HTTP throughput is judged. Inputs are still checked, as the real models check
 * them. Thread-safe.
 */
public final class NoopModel implements ScoringModel {

  private final int[] sizes;
  private final float[] constant;
  private final BatchCounter batches = new BatchCounter();

  /** @param layerSizes at least two positive sizes; only the first (input) and last (output) matter */
  public NoopModel(int[] layerSizes) {
    if (layerSizes.length < 2) {
      throw new IllegalArgumentException("need at least an input and an output size");
    }
    for (int size : layerSizes) {
      if (size <= 0) {
        throw new IllegalArgumentException("layer sizes must be positive");
      }
    }
    this.sizes = layerSizes.clone();
    this.constant = new float[sizes[sizes.length - 1]];
    for (int i = 0; i < constant.length; i++) {
      constant[i] = i;
    }
  }

  /** @return a fresh copy of the constant output, so callers may keep or change it */
  @Override
  public float[] score(float[] input) {
    checkInput(input, 0);
    return constant.clone();
  }

  @Override
  public float[][] scoreBatch(float[][] inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("inputs must not be null");
    }
    float[][] outputs = new float[inputs.length][];
    for (int r = 0; r < inputs.length; r++) {
      checkInput(inputs[r], r);
      outputs[r] = constant.clone();
    }
    batches.count(inputs.length);
    return outputs;
  }

  @Override
  public int[] layerSizes() {
    return sizes.clone();
  }

  @Override
  public int inputSize() {
    return sizes[0];
  }

  @Override
  public int outputSize() {
    return constant.length;
  }

  /** @return {@code "noop"} */
  @Override
  public String runtime() {
    return "noop";
  }

  @Override
  public long batchCalls() {
    return batches.calls();
  }

  @Override
  public long batchedItems() {
    return batches.items();
  }

  private void checkInput(float[] input, int index) {
    if (input == null) {
      throw new IllegalArgumentException("input " + index + " is null");
    }
    if (input.length != sizes[0]) {
      throw new IllegalArgumentException("input " + index + " has " + input.length + " values, expected " + sizes[0]);
    }
  }
}
