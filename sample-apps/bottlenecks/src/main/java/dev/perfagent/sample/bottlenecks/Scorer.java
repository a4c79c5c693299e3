package dev.perfagent.sample.bottlenecks;

import java.util.SplittableRandom;

/**
 * The {@code single-calls} bottleneck: a small dense layer ({@value #INPUTS} inputs, {@value #OUTPUTS}
 * ReLU outputs) whose weights are stored factorised ({@code W = left x right}, rank {@value #RANK}) and
 * materialised on every call. {@link #score(float[])} pays that preparation (OUTPUTS x RANK x INPUTS
 * multiply-adds) for one item; {@link #scoreBatch(float[][])} pays it once for the whole batch, so per item
 * it costs a fraction of a single call. Both give bit-identical results per item.
 *
 * <p>Thread-safe: the factors are never written after construction and each call prepares its own weights.
 */
public final class Scorer {
    static final int INPUTS = 64;
    static final int OUTPUTS = 16;
    static final int RANK = 32;

    private final float[][] left = new float[OUTPUTS][RANK];
    private final float[][] right = new float[RANK][INPUTS];
    private final float[] bias = new float[OUTPUTS];

    /** A layer with fixed pseudo-random weights from {@code seed}. */
    public Scorer(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (float[] row : left) {
            fill(row, random);
        }
        for (float[] row : right) {
            fill(row, random);
        }
        fill(bias, random);
    }

    /** The layer's output for one item of {@value #INPUTS} features. */
    public float[] score(float[] features) {
        return apply(prepareWeights(), features);
    }

    /** The layer's output for each item, in order; item {@code i} equals {@code score(batch[i])}. */
    public float[][] scoreBatch(float[][] batch) {
        float[][] weights = prepareWeights();
        float[][] out = new float[batch.length][];
        for (int i = 0; i < batch.length; i++) {
            out[i] = apply(weights, batch[i]);
        }
        return out;
    }

    /** The per-call fixed cost: W = left x right, the part batching amortises. */
    private float[][] prepareWeights() {
        float[][] weights = new float[OUTPUTS][INPUTS];
        for (int o = 0; o < OUTPUTS; o++) {
            float[] row = weights[o];
            for (int r = 0; r < RANK; r++) {
                float factor = left[o][r];
                float[] rightRow = right[r];
                for (int i = 0; i < INPUTS; i++) {
                    row[i] += factor * rightRow[i];
                }
            }
        }
        return weights;
    }

    private float[] apply(float[][] weights, float[] features) {
        if (features.length != INPUTS) {
            throw new IllegalArgumentException("expected " + INPUTS + " features, got " + features.length);
        }
        float[] out = new float[OUTPUTS];
        for (int o = 0; o < OUTPUTS; o++) {
            float acc = bias[o];
            float[] row = weights[o];
            for (int i = 0; i < INPUTS; i++) {
                acc += row[i] * features[i];
            }
            out[o] = Math.max(0f, acc);
        }
        return out;
    }

    private static void fill(float[] values, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
    }
}
