package dev.perfagent.agent.layer.limit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of {@link AimdAlgorithm}, with the defaults of Netflix concurrency-limits 0.5.4's
 * {@code AIMDLimit.Builder}.
 *
 * @param initialLimit the limit before the first sample (Netflix {@code initialLimit}, 20)
 * @param minLimit     the limit never goes below this (Netflix {@code minLimit}, 20)
 * @param maxLimit     the limit never goes above this (Netflix {@code maxLimit}, 200)
 * @param backoffRatio the limit is multiplied by this on a drop, in [0.5, 1) (Netflix {@code backoffRatio}, 0.9)
 * @param timeout      a call slower than this counts as a drop (Netflix {@code timeout}, 5 s)
 */
public record AimdSettings(int initialLimit, int minLimit, int maxLimit, double backoffRatio, Duration timeout)
        implements LimitAlgorithmSettings {

    /** Netflix's defaults. */
    public static final AimdSettings DEFAULTS = new AimdSettings(20, 20, 200, 0.9, Duration.ofSeconds(5));

    /** Checks the ranges. */
    public AimdSettings {
        LimitAlgorithmSettings.checkLimits(initialLimit, minLimit, maxLimit);
        if (!(backoffRatio >= 0.5 && backoffRatio < 1)) {
            throw new IllegalArgumentException("backoff-ratio must be in [0.5, 1), got " + backoffRatio);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.AIMD;
    }

    @Override
    public LimitAlgorithm create() {
        return new AimdAlgorithm(this);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("initial-limit", Integer.toString(initialLimit));
        parameters.put("min-limit", Integer.toString(minLimit));
        parameters.put("max-limit", Integer.toString(maxLimit));
        parameters.put("backoff-ratio", Double.toString(backoffRatio));
        parameters.put("timeout", ConcurrencyLimitFigures.duration(timeout));
        return parameters;
    }
}
