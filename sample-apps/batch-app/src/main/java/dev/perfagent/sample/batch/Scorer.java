package dev.perfagent.sample.batch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model with a single-item and a batch form. Items whose first feature is NaN are "poison": either form
 * throws {@link IllegalArgumentException} for them, the batch form for the whole batch, as real models do.
 * Counts its batch calls so the app can tell whether anyone merged its calls.
 */
public class Scorer {
    private static final int WORK = 64;

    private final AtomicLong batchCalls = new AtomicLong();
    private final AtomicInteger largestBatch = new AtomicInteger();

    /** One item. */
    public float[] score(float[] features) {
        return reference(features);
    }

    /** Many items at once: one result per item, in order. */
    public float[][] scoreBatch(float[][] batch) {
        batchCalls.incrementAndGet();
        largestBatch.accumulateAndGet(batch.length, Math::max);
        float[][] out = new float[batch.length][];
        for (int i = 0; i < batch.length; i++) {
            out[i] = reference(batch[i]);
        }
        return out;
    }

    /** What {@link #score} must return; never woven (no rule names it). */
    public static float[] reference(float[] features) {
        if (Float.isNaN(features[0])) {
            throw new IllegalArgumentException("poison item");
        }
        float[] out = new float[2];
        float acc = 0;
        for (int k = 0; k < WORK; k++) {
            for (float f : features) {
                acc = acc * 0.5f + f * (k + 1);
            }
        }
        out[0] = acc;
        out[1] = features.length;
        return out;
    }

    long batchCalls() {
        return batchCalls.get();
    }

    int largestBatch() {
        return largestBatch.get();
    }

    void resetLargest() {
        largestBatch.set(0);
    }
}
