package dev.perfagent.agent.layer.limit;

/**
 * An exponential moving average with a warm-up: the plain mean of the first {@code warmup} samples, then
 * {@code value = value * (1 - f) + sample * f} with {@code f = 2 / (window + 1)}. A port of Netflix
 * concurrency-limits' {@code ExpAvgMeasurement} (0.5.4), which {@code Gradient2Limit} keeps its long-term RTT in.
 * Not thread-safe: its owner serialises access.
 */
final class ExponentialAverage {
    private final double factor;
    private final int warmup;
    private double value;
    private double sum;
    private int count;

    ExponentialAverage(int window, int warmup) {
        if (window < 1 || warmup < 0) {
            throw new IllegalArgumentException("window " + window + ", warm-up " + warmup);
        }
        this.factor = 2.0 / (window + 1);
        this.warmup = warmup;
    }

    /** Adds a sample and returns the new average. */
    double add(double sample) {
        if (count < warmup) {
            count++;
            sum += sample;
            value = sum / count;
        } else {
            value = value * (1 - factor) + sample * factor;
        }
        return value;
    }

    /** The average now (0 before the first sample). */
    double get() {
        return value;
    }

    /** Replaces the average, e.g. to let it decay faster than the samples would; the warm-up goes on. */
    void set(double newValue) {
        value = newValue;
    }
}
