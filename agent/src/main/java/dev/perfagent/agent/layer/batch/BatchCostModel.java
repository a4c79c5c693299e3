package dev.perfagent.agent.layer.batch;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An online fit of the service time of one batch as a line in its size, {@code T(n) ≈ a + b·n}, with a tail
 * margin on top so that predictions can be made conservative.
 *
 * <p><b>Fit.</b> Exponentially weighted least squares: every observation first scales the weight of all earlier
 * ones by {@code 1 - 1/memory}, so the fit follows a model whose cost drifts (warm-up, JIT, a neighbour on the same
 * cores) and forgets what it was. Means and co-moments are updated incrementally (West's weighted form of
 * Welford's algorithm), which stays accurate where the textbook sums {@code Σn², (Σn)²} would cancel. The line is
 * used only once sizes have spread (at least two distinct sizes seen and a weighted variance of the size of at
 * least {@value #MIN_SIZE_VARIANCE}); until then, and again whenever the recent batches all have one size, the model
 * is proportional through the mean point ({@code a = 0, b = mean T / mean n}), which is exact at the size actually
 * observed. Both forms pass through the weighted mean point, so predictions near the sizes being run are good even
 * when the slope is poorly determined. A negative fitted slope (noise on a flat cost) becomes a flat line; a negative
 * intercept becomes the least-squares line through the origin.
 *
 * <p><b>Tail margin.</b> For every observation after the first, the ratio {@code observed / predicted} (predicted
 * by the fit as it stood before that observation) goes into an exponentially decayed histogram of log-spaced
 * buckets (16 per octave, about 4.4% wide, covering 1/16 to 16). {@link #predictTail} multiplies the line by the
 * upper edge of the bucket that holds the {@code tailQuantile} of those ratios (p99 by default), never less than 1.
 * The histogram forgets four times more slowly than the fit, so the quantile rests on enough samples to mean something.
 *
 * <p><b>Concurrency.</b> {@link #observe} is called once per batch by leader threads, possibly concurrently; it
 * takes a small {@link ReentrantLock} (not a monitor, so a virtual thread that contends does not pin its carrier)
 * and allocates one {@link Fit}. Every reader ({@link #fit}, {@link #predict}, {@link #predictTail}, {@link #a},
 * {@link #b}, ...) reads one immutable {@link Fit} through a volatile field: lock-free and allocation-free.
 */
public final class BatchCostModel {
    /** Default number of batches the fit remembers (the weight of an observation halves after about 0.69 × this). */
    public static final int DEFAULT_MEMORY = 256;
    /** Default quantile of observed/predicted used as the tail margin. */
    public static final double DEFAULT_TAIL_QUANTILE = 0.99;
    /** Weighted variance of the batch size (items²) below which a slope cannot be told from noise. */
    static final double MIN_SIZE_VARIANCE = 0.25;

    private static final int BUCKETS_PER_OCTAVE = 16;
    private static final int OCTAVES_EACH_SIDE = 4;
    private static final int MAX_INDEX = BUCKETS_PER_OCTAVE * OCTAVES_EACH_SIDE;
    private static final double LOG2 = Math.log(2);

    private final double decay;
    private final double tailDecay;
    private final double tailQuantile;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private double weight;
    private double meanSize;
    private double meanNanos;
    private double sizeVariance;     // Σw(n - mean n)², not divided by the weight
    private double covariance;       // Σw(n - mean n)(t - mean t)
    private int firstSize;
    private boolean sizesDiffer;
    private long samples;
    private final double[] ratioBuckets = new double[2 * MAX_INDEX + 1];
    private double ratioWeight;

    private volatile Fit fit = Fit.EMPTY;

    /** A model with the default memory and the p99 tail margin. */
    public BatchCostModel() {
        this(DEFAULT_MEMORY, DEFAULT_TAIL_QUANTILE);
    }

    /**
     * @param memory       batches the fit remembers; at least 2
     * @param tailQuantile quantile of observed/predicted used as the margin, in (0, 1)
     */
    public BatchCostModel(int memory, double tailQuantile) {
        if (memory < 2) {
            throw new IllegalArgumentException("memory must be at least 2: " + memory);
        }
        if (!(tailQuantile > 0 && tailQuantile < 1)) {
            throw new IllegalArgumentException("tailQuantile must be in (0, 1): " + tailQuantile);
        }
        this.decay = 1.0 - 1.0 / memory;
        this.tailDecay = 1.0 - 1.0 / (4.0 * memory);
        this.tailQuantile = tailQuantile;
    }

    /**
     * Adds one batch: {@code size} calls served in {@code serviceNanos}. Ignored unless both are positive.
     * Takes a short lock; called once per batch, never per call.
     */
    public void observe(int size, long serviceNanos) {
        if (size < 1 || serviceNanos <= 0) {
            return;
        }
        lock.lock();
        try {
            Fit before = fit;
            if (before.samples() > 0) {
                addRatio(serviceNanos / before.predict(size));
            }
            addPoint(size, serviceNanos);
            fit = refit();
        } finally {
            lock.unlock();
        }
    }

    /** The current fit: an immutable snapshot, read without a lock. */
    public Fit fit() {
        return fit;
    }

    /** Fixed cost of a batch, ns. */
    public double a() {
        return fit.a();
    }

    /** Cost of each item, ns. */
    public double b() {
        return fit.b();
    }

    /** The tail margin: the {@code tailQuantile} of observed/predicted service time, at least 1. */
    public double tailRatio() {
        return fit.tailRatio();
    }

    /** Batches observed since creation (not decayed). */
    public long samples() {
        return fit.samples();
    }

    /** Predicted mean service time of a batch of {@code n}, ns; 0 before the first observation. */
    public double predict(int n) {
        return fit.predict(n);
    }

    /** Predicted tail service time of a batch of {@code n}, ns: {@link #predict} times the tail margin. */
    public double predictTail(int n) {
        return fit.predictTail(n);
    }

    private void addPoint(int size, long nanos) {
        // West's weighted incremental update after scaling the past by the decay; the means are unchanged by scaling.
        weight = weight * decay + 1.0;
        sizeVariance *= decay;
        covariance *= decay;
        double sizeDelta = size - meanSize;
        meanSize += sizeDelta / weight;
        meanNanos += (nanos - meanNanos) / weight;
        sizeVariance += sizeDelta * (size - meanSize);
        covariance += sizeDelta * (nanos - meanNanos);
        if (samples == 0) {
            firstSize = size;
        } else if (size != firstSize) {
            sizesDiffer = true;
        }
        samples++;
    }

    private void addRatio(double ratio) {
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            return;
        }
        // Bucket i holds ratios in (2^((i-1)/16), 2^(i/16)]: a ratio of 1 reports a margin of exactly 1. The
        // small allowance keeps a ratio that is 1 up to rounding (an exact fit) out of the bucket above.
        int index = (int) Math.ceil(Math.log(ratio) / LOG2 * BUCKETS_PER_OCTAVE - 1e-6);
        index = Math.max(-MAX_INDEX, Math.min(MAX_INDEX, index));
        for (int i = 0; i < ratioBuckets.length; i++) {
            ratioBuckets[i] *= tailDecay;
        }
        ratioBuckets[index + MAX_INDEX] += 1.0;
        ratioWeight = ratioWeight * tailDecay + 1.0;
    }

    private double tailMargin() {
        if (ratioWeight == 0) {
            return 1.0;
        }
        double target = tailQuantile * ratioWeight;
        double cumulative = 0;
        for (int i = 0; i < ratioBuckets.length; i++) {
            cumulative += ratioBuckets[i];
            if (cumulative >= target) {
                return Math.max(1.0, Math.pow(2, (double) (i - MAX_INDEX) / BUCKETS_PER_OCTAVE));
            }
        }
        return Math.pow(2, OCTAVES_EACH_SIDE);
    }

    private Fit refit() {
        double margin = tailMargin();
        boolean spread = sizesDiffer && sizeVariance / weight >= MIN_SIZE_VARIANCE;
        if (!spread) {
            return new Fit(0, meanNanos / meanSize, margin, samples, false);
        }
        double slope = covariance / sizeVariance;
        double intercept = meanNanos - slope * meanSize;
        if (slope < 0) {
            // Noise on a flat cost: the best non-decreasing line is flat at the mean.
            return new Fit(meanNanos, 0, margin, samples, true);
        }
        if (intercept < 0) {
            // Least squares through the origin: Σw·n·t / Σw·n², from the centred moments.
            double sizeSquares = sizeVariance + weight * meanSize * meanSize;
            double crossProducts = covariance + weight * meanSize * meanNanos;
            return new Fit(0, crossProducts / sizeSquares, margin, samples, true);
        }
        return new Fit(intercept, slope, margin, samples, true);
    }

    /**
     * One published state of the model.
     *
     * @param a         fixed cost of a batch, ns
     * @param b         cost per item, ns
     * @param tailRatio tail margin, at least 1
     * @param samples   batches observed
     * @param linear    true when a and b come from a line fitted across sizes; false while the model is
     *                  proportional through the mean point (too few distinct sizes)
     */
    public record Fit(double a, double b, double tailRatio, long samples, boolean linear) {
        static final Fit EMPTY = new Fit(0, 0, 1, 0, false);

        /** Predicted mean service time of a batch of {@code n}, ns. */
        public double predict(int n) {
            return a + b * n;
        }

        /** Predicted tail service time of a batch of {@code n}, ns. */
        public double predictTail(int n) {
            return (a + b * n) * tailRatio;
        }
    }
}
