package dev.perfagent.agent.layer.limit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Netflix concurrency-limits 0.5.4's {@code Gradient2Limit}, formula for formula: the limit follows the ratio of
 * a long-term average RTT to the latest RTT. Per sample, with {@code short = rtt} and {@code long} the
 * exponential average of the RTTs over {@code long-window} samples (the mean of the first 10):
 *
 * <pre>
 * if long / short &gt; 2:           long := long * 0.95   (recover quickly after a period of overload;
 *                                                      this sample still uses the undecayed value)
 * if inFlight &lt; limit / 2:        keep the limit       (the application, not the dependency, limits)
 * gradient = max(0.5, min(1, rtt-tolerance * long / short))
 * newLimit = limit * gradient + queue-size
 * newLimit = limit * (1 - smoothing) + newLimit * smoothing
 * limit    = max(min-limit, min(max-limit, newLimit))
 * </pre>
 *
 * The limit is kept as a double; {@link #limit()} is its integer part. A drop is a sample like any other: as in
 * Netflix's version, gradient2 reacts to latency only. Not thread-safe (see {@link LimitAlgorithm}).
 */
final class Gradient2Algorithm implements LimitAlgorithm {
    /** Netflix's {@code ExpAvgMeasurement(longWindow, 10)}: the long RTT is a plain mean over 10 samples first. */
    private static final int WARMUP_SAMPLES = 10;

    private final Gradient2Settings settings;
    private final ExponentialAverage longRtt;
    private double estimatedLimit;
    private volatile int limit;
    private volatile double lastShortRtt;
    private volatile double lastLongRtt;

    Gradient2Algorithm(Gradient2Settings settings) {
        this.settings = settings;
        this.longRtt = new ExponentialAverage(settings.longWindow(), WARMUP_SAMPLES);
        this.estimatedLimit = settings.initialLimit();
        this.limit = settings.initialLimit();
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.GRADIENT2;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int update(long rttNanos, int inFlight, boolean dropped) {
        double queueSize = settings.queueSize();
        double shortRtt = rttNanos;
        double longRttNow = longRtt.add(rttNanos);
        lastShortRtt = shortRtt;

        if (longRttNow / shortRtt > 2) {
            longRtt.set(longRtt.get() * 0.95);
        }
        lastLongRtt = longRtt.get();

        if (inFlight < estimatedLimit / 2) {
            return limit;
        }

        double gradient = Math.max(0.5, Math.min(1.0, settings.rttTolerance() * longRttNow / shortRtt));
        double newLimit = estimatedLimit * gradient + queueSize;
        newLimit = estimatedLimit * (1 - settings.smoothing()) + newLimit * settings.smoothing();
        newLimit = Math.max(settings.minLimit(), Math.min(settings.maxLimit(), newLimit));

        estimatedLimit = newLimit;
        limit = (int) newLimit;
        return limit;
    }

    /** The unrounded limit, for tests against hand-computed values. */
    double estimatedLimit() {
        return estimatedLimit;
    }

    @Override
    public Map<String, Double> rttEstimates() {
        Map<String, Double> estimates = new LinkedHashMap<>();
        estimates.put("short", lastShortRtt);
        estimates.put("long", lastLongRtt);
        return estimates;
    }
}
