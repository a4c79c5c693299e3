package dev.perfagent.sample.inference;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small multi-layer perceptron in pure Java: dense layers with ReLU on every hidden layer and a
 * linear output layer. Weights come from a seeded {@link SplittableRandom}, so two models built
 * with the same sizes and seed compute exactly the same function.
 *
 * <p>{@link #score(float[])} handles one item with vector-matrix products; {@link
 * #scoreBatch(float[][])} treats many items as one {@code [n × in]} matrix and runs one blocked
 * matrix multiply per layer, which reuses each weight tile across the batch. Both sum in the same
 * order and return identical numbers. Instances are immutable and thread-safe.
 */
public final class MlpModel {

  /** Default layer sizes: 256 inputs, one hidden layer of 1024, 16 outputs. */
  public static final int[] DEFAULT_LAYER_SIZES = {256, 1024, 16};
  /** Seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  private final int[] sizes;
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
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException("need at least an input and an output size");
    }
    for (int size : layerSizes) {
      if (size <= 0) {
        throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(layerSizes));
      }
    }
    this.sizes = layerSizes.clone();
    int layers = sizes.length - 1;
    this.weights = new float[layers][][];
    this.biases = new float[layers][];
    SplittableRandom random = new SplittableRandom(seed);
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      // He-uniform scale keeps activations in a sane range through the ReLU layers.
      double limit = Math.sqrt(6.0 / in);
      float[][] w = new float[in][out];
      for (float[] row : w) {
        for (int j = 0; j < out; j++) {
          row[j] = (float) random.nextDouble(-limit, limit);
        }
      }
      float[] b = new float[out];
      for (int i = 0; i < out; i++) {
        b[i] = (float) random.nextDouble(-0.01, 0.01);
      }
      weights[l] = w;
      biases[l] = b;
    }
  }

  /** @return a copy of the layer sizes, input first */
  public int[] layerSizes() {
    return sizes.clone();
  }

  /** @return the number of inputs one item must have */
  public int inputSize() {
    return sizes[0];
  }

  /** @return the number of outputs per item */
  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  /**
   * Scores one item.
   *
   * @param input exactly {@link #inputSize()} values
   * @return {@link #outputSize()} values
   * @throws IllegalArgumentException if the input has the wrong length
   */
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
  public float[][] scoreBatch(float[][] inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("inputs must not be null");
    }
    for (int r = 0; r < inputs.length; r++) {
      checkInput(inputs[r], r);
    }
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
    return activation;
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

  private void checkInput(float[] input, int index) {
    if (input == null) {
      throw new IllegalArgumentException("input " + index + " is null");
    }
    if (input.length != sizes[0]) {
      throw new IllegalArgumentException(
          "input " + index + " has " + input.length + " values, expected " + sizes[0]);
    }
  }
}
