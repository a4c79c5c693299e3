package dev.perfagent.sample.inference;

/**
 * A model that does no work: every item scores to the same constant output. Serving it measures
 * what the service costs around the model (HTTP, parsing, threads), the ceiling against which a
 * batching layer's HTTP throughput is judged. Inputs are still checked, as the real models check
 * them. Thread-safe.
 */
public final class NoopModel extends LayeredModel {

  private final float[] constant;

  /** @param layerSizes at least two positive sizes; only the first (input) and last (output) matter */
  public NoopModel(int[] layerSizes) {
    super(checked(layerSizes));
    this.constant = new float[sizes[sizes.length - 1]];
    for (int i = 0; i < constant.length; i++) {
      constant[i] = i;
    }
  }

  private static int[] checked(int[] layerSizes) {
    if (layerSizes.length < 2) {
      throw new IllegalArgumentException("need at least an input and an output size");
    }
    for (int size : layerSizes) {
      if (size <= 0) {
        throw new IllegalArgumentException("layer sizes must be positive");
      }
    }
    return layerSizes;
  }

  /** @return a fresh copy of the constant output, so callers may keep or change it */
  @Override
  public float[] score(float[] input) {
    checkInput(input, 0);
    return constant.clone();
  }

  @Override
  public float[][] scoreBatch(float[][] inputs) {
    checkInputs(inputs);
    float[][] outputs = new float[inputs.length][];
    for (int r = 0; r < inputs.length; r++) {
      outputs[r] = constant.clone();
    }
    countBatch(inputs.length);
    return outputs;
  }

  /** @return {@code "noop"} */
  @Override
  public String runtime() {
    return "noop";
  }

}
