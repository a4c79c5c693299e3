package dev.perfagent.agent.layer.limit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of {@link Gradient2Algorithm}, with the defaults of Netflix concurrency-limits 0.5.4's
 * {@code Gradient2Limit.Builder}.
 *
 * @param initialLimit the limit before the first sample (Netflix {@code initialLimit}, 20)
 * @param minLimit     the limit never goes below this (Netflix {@code minLimit}, 20)
 * @param maxLimit     the limit never goes above this (Netflix {@code maxConcurrency}, 200)
 * @param smoothing    how much of a new estimate is taken at each sample, in (0, 1] (Netflix {@code smoothing}, 0.2)
 * @param queueSize    how much the limit may grow past {@code gradient * limit} while latency stays low
 *                     (Netflix's {@code queueSize} function, a constant 4)
 * @param rttTolerance how much the short RTT may exceed the long one before the limit falls, &ge; 1
 *                     (Netflix {@code rttTolerance}, 1.5)
 * @param longWindow   samples in the long-term RTT's exponential average (Netflix {@code longWindow}, 600)
 */
public record Gradient2Settings(int initialLimit, int minLimit, int maxLimit, double smoothing, int queueSize,
                                double rttTolerance, int longWindow) implements LimitAlgorithmSettings {

    /** Netflix's defaults. */
    public static final Gradient2Settings DEFAULTS = new Gradient2Settings(20, 20, 200, 0.2, 4, 1.5, 600);

    /** Checks the ranges. */
    public Gradient2Settings {
        LimitAlgorithmSettings.checkLimits(initialLimit, minLimit, maxLimit);
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("queue-size must be >= 0, got " + queueSize);
        }
        if (!(rttTolerance >= 1)) {
            throw new IllegalArgumentException("rtt-tolerance must be >= 1, got " + rttTolerance);
        }
        if (longWindow < 1) {
            throw new IllegalArgumentException("long-window must be >= 1, got " + longWindow);
        }
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.GRADIENT2;
    }

    @Override
    public LimitAlgorithm create() {
        return new Gradient2Algorithm(this);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("initial-limit", Integer.toString(initialLimit));
        parameters.put("min-limit", Integer.toString(minLimit));
        parameters.put("max-limit", Integer.toString(maxLimit));
        parameters.put("smoothing", Double.toString(smoothing));
        parameters.put("queue-size", Integer.toString(queueSize));
        parameters.put("rtt-tolerance", Double.toString(rttTolerance));
        parameters.put("long-window", Integer.toString(longWindow));
        return parameters;
    }
}
