package dev.perfagent.agent.layer.limit;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Netflix concurrency-limits 0.5.4's {@code VegasLimit}, formula for formula: TCP Vegas's queue estimate from the
 * lowest RTT seen ({@code rtt_noload}). With {@code log10(n)} Netflix's {@code Log10RootIntFunction}
 * ({@code max(1, floor(log10 n))} below 1000) applied to the integer part of the limit, per sample:
 *
 * <pre>
 * every jitter * probe-multiplier * limit samples (jitter uniform in [0.5, 1)):
 *                                     rtt_noload := rtt, keep the limit      (probe: the floor may have moved)
 * if rtt_noload unset or rtt &lt; rtt_noload:  rtt_noload := rtt, keep the limit
 * queue = ceil(limit * (1 - rtt_noload / rtt))
 * if dropped:                         newLimit = limit - log10(limit)
 * else if inFlight * 2 &lt; limit:       keep the limit                        (application-limited)
 * else if queue &lt;= log10(limit):      newLimit = limit + beta               (no queueing: grow fast)
 * else if queue &lt; alpha:              newLimit = limit + log10(limit)
 * else if queue &gt; beta:               newLimit = limit - log10(limit)
 * else                                keep the limit
 * newLimit = max(min-limit, min(max-limit, newLimit))
 * limit    = (1 - smoothing) * limit + smoothing * newLimit
 * </pre>
 *
 * where {@code alpha} and {@code beta} default to {@code 3 * log10(limit)} and {@code 6 * log10(limit)}. The limit
 * is kept as a double; {@link #limit()} is its integer part. Not thread-safe (see {@link LimitAlgorithm}).
 */
final class VegasAlgorithm implements LimitAlgorithm {
    private final VegasSettings settings;
    private final DoubleSupplier jitter;
    private double estimatedLimit;
    private volatile int limit;
    private volatile long rttNoLoad;
    private int probeCount;
    private double probeJitter;

    VegasAlgorithm(VegasSettings settings) {
        this(settings, () -> ThreadLocalRandom.current().nextDouble(0.5, 1));
    }

    /** @param jitter draws the probe jitter, in [0.5, 1) (tests fix it) */
    VegasAlgorithm(VegasSettings settings, DoubleSupplier jitter) {
        this.settings = settings;
        this.jitter = jitter;
        this.estimatedLimit = settings.initialLimit();
        this.limit = settings.initialLimit();
        this.probeJitter = jitter.getAsDouble();
    }

    /** Netflix's {@code Log10RootIntFunction}: {@code max(1, floor(log10 n))} below 1000, {@code floor(log10 n)} above. */
    static int log10Root(int n) {
        return n < 1000 ? Math.max(1, (int) Math.log10(n)) : (int) Math.log10(n);
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.VEGAS;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int update(long rttNanos, int inFlight, boolean dropped) {
        probeCount++;
        if (probeJitter * settings.probeMultiplier() * estimatedLimit <= probeCount) {
            probeJitter = jitter.getAsDouble();
            probeCount = 0;
            rttNoLoad = rttNanos;
            return limit;
        }
        long noLoad = rttNoLoad;
        if (noLoad == 0 || rttNanos < noLoad) {
            rttNoLoad = rttNanos;
            return limit;
        }

        int current = (int) estimatedLimit;
        int queueSize = (int) Math.ceil(estimatedLimit * (1 - (double) noLoad / rttNanos));
        double newLimit;
        if (dropped) {
            newLimit = estimatedLimit - log10Root(current);
        } else if (inFlight * 2 < estimatedLimit) {
            return limit;
        } else {
            int alpha = settings.alpha().orElse(3 * log10Root(current));
            int beta = settings.beta().orElse(6 * log10Root(current));
            int threshold = log10Root(current);
            if (queueSize <= threshold) {
                newLimit = estimatedLimit + beta;
            } else if (queueSize < alpha) {
                newLimit = estimatedLimit + log10Root(current);
            } else if (queueSize > beta) {
                newLimit = estimatedLimit - log10Root(current);
            } else {
                return limit;
            }
        }
        newLimit = Math.max(settings.minLimit(), Math.min(settings.maxLimit(), newLimit));
        newLimit = (1 - settings.smoothing()) * estimatedLimit + settings.smoothing() * newLimit;
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
        return Map.of("min", (double) rttNoLoad);
    }
}
