package dev.perfagent.sample.inference;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The parameters of a multi-layer perceptron, drawn from a seeded {@link SplittableRandom}: the one
 * source of weights for both the pure-Java {@link MlpModel} and the ONNX model that {@link
 * OnnxMlpWriter} writes, so that equal sizes and seed give the same function in either runtime.
 *
 * <p>Layer {@code l} maps {@code sizes[l]} values to {@code sizes[l + 1]}: {@code y = x·W + b}, with
 * {@code W} stored as {@code sizes[l]} rows of {@code sizes[l + 1]} values (row-major {@code [in,
 * out]}, the layout ONNX {@code MatMul} expects for its right operand). Instances are immutable;
 * accessors return copies.
 */
public final class MlpWeights {

  private final int[] sizes;
  /** weights[l] has sizes[l] rows of sizes[l+1] values. */
  private final float[][][] weights;
  private final float[][] biases;

  private MlpWeights(int[] sizes, float[][][] weights, float[][] biases) {
    this.sizes = sizes;
    this.weights = weights;
    this.biases = biases;
  }

  /**
   * Draws the weights for the given layer sizes.
   *
   * @param layerSizes at least two positive sizes: input, any hidden layers, output
   * @param seed seed for the generator; equal sizes and seed give equal weights
   * @throws IllegalArgumentException if the sizes are missing, too few or not positive
   */
  public static MlpWeights generate(int[] layerSizes, long seed) {
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException("need at least an input and an output size");
    }
    for (int size : layerSizes) {
      if (size <= 0) {
        throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(layerSizes));
      }
    }
    int[] sizes = layerSizes.clone();
    int layers = sizes.length - 1;
    float[][][] weights = new float[layers][][];
    float[][] biases = new float[layers][];
    SplittableRandom random = new SplittableRandom(seed);
    // The draw order (each layer's weights row by row, then its biases) is part of the contract:
    // changing it changes every model built from a seed.
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
    return new MlpWeights(sizes, weights, biases);
  }

  /** @return a copy of the layer sizes, input first */
  public int[] layerSizes() {
    return sizes.clone();
  }

  /** @return the number of dense layers: one less than the number of sizes */
  public int layerCount() {
    return weights.length;
  }

  /**
   * @param layer 0 for the first dense layer
   * @return a copy of the layer's weights: {@code sizes[layer]} rows of {@code sizes[layer + 1]}
   */
  public float[][] weights(int layer) {
    float[][] copy = new float[weights[layer].length][];
    for (int r = 0; r < copy.length; r++) {
      copy[r] = weights[layer][r].clone();
    }
    return copy;
  }

  /**
   * @param layer 0 for the first dense layer
   * @return a copy of the layer's {@code sizes[layer + 1]} biases
   */
  public float[] biases(int layer) {
    return biases[layer].clone();
  }
}
