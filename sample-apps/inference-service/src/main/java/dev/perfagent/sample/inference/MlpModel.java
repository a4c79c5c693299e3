package dev.perfagent.sample.inference;

/**
 * A small multi-layer perceptron in pure Java: dense layers with ReLU on every hidden layer and a
 * linear output layer. Weights come from {@link MlpWeights} (a seeded generator), so two models
 * built with the same sizes and seed compute exactly the same function.
 *
 * <p>{@link #score(float[])} handles one item with vector-matrix products; {@link
 * #scoreBatch(float[][])} treats many items as one {@code [n × in]} matrix and runs one blocked
 * matrix multiply per layer, which reuses each weight tile across the batch. Both sum in the same
 * order and return identical numbers. Instances are immutable and thread-safe.
 */
public final class MlpModel extends LayeredModel {

  /** Default layer sizes: 256 inputs, one hidden layer of 1024, 16 outputs. */
  public static final int[] DEFAULT_LAYER_SIZES = {256, 1024, 16};
  /** Seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  /** weights[l] has sizes[l] rows of sizes[l+1] values. */
  private final float[][][] weights;
  private final float[][] biases;

  /** Builds the default 256→1024→16 model with {@link #DEFAULT_SEED}. */
  public MlpModel() {
    this(DEFAULT_LAYER_SIZES, DEFAULT_SEED);
  }

  /**
   * @param layerSizes at least two positive sizes: input, any hidden layers, output
   * @param seed seed for the weight generator
   */
  public MlpModel(int[] layerSizes, long seed) {
    this(MlpWeights.generate(layerSizes, seed));
  }

  /** @param weights the parameters; the ONNX model built from the same weights computes the same function */
  public MlpModel(MlpWeights weights) {
    super(weights.layerSizes());
    int layers = weights.layerCount();
    this.weights = new float[layers][][];
    this.biases = new float[layers][];
    for (int l = 0; l < layers; l++) {
      this.weights[l] = weights.weights(l);
      this.biases[l] = weights.biases(l);
    }
  }

  /**
   * Scores one item.
   *
   * @param input exactly {@link #inputSize()} values
   * @return {@link #outputSize()} values
   * @throws IllegalArgumentException if the input has the wrong length
   */
  @Override
  public float[] score(float[] input) {
    checkInput(input, 0);
    float[] activation = input;
    for (int l = 0; l < weights.length; l++) {
      float[] next = new float[sizes[l + 1]];
      BlockedMatmul.multiplyVector(activation, weights[l], next);
      addBiasAndActivate(next, l);
      activation = next;
    }
    return activation;
  }

  /**
   * Scores many items with one blocked matrix multiply per layer.
   *
   * @param inputs items of exactly {@link #inputSize()} values each
   * @return one output array per item, in order
   * @throws IllegalArgumentException if any item has the wrong length
   */
  @Override
  public float[][] scoreBatch(float[][] inputs) {
    checkInputs(inputs);
    // The callers' arrays serve as the first activation matrix: they are only read.
    float[][] activation = inputs;
    for (int l = 0; l < weights.length; l++) {
      float[][] next = new float[inputs.length][sizes[l + 1]];
      BlockedMatmul.multiply(activation, weights[l], next);
      for (float[] row : next) {
        addBiasAndActivate(row, l);
      }
      activation = next;
    }
    countBatch(inputs.length);
    return activation;
  }

  /** @return {@code "java"} */
  @Override
  public String runtime() {
    return "java";
  }

  /** Bias is added after the product in both paths so they round identically. */
  private void addBiasAndActivate(float[] values, int layer) {
    float[] bias = biases[layer];
    boolean hidden = layer < weights.length - 1;
    for (int j = 0; j < values.length; j++) {
      float v = values[j] + bias[j];
      values[j] = hidden && v < 0f ? 0f : v;
    }
  }

}
