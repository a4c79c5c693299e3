package dev.perfagent.agent.layer.limit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The parameters of {@link VegasAlgorithm}, with the defaults of Netflix concurrency-limits 0.5.4's
 * {@code VegasLimit.Builder}.
 *
 * @param initialLimit    the limit before the first sample (Netflix {@code initialLimit}, 20)
 * @param minLimit        the limit never goes below this (Netflix's fixed floor, 1)
 * @param maxLimit        the limit never goes above this (Netflix {@code maxConcurrency}, 1000)
 * @param smoothing       how much of a new estimate is taken at each change, in (0, 1] (Netflix {@code smoothing},
 *                        1.0: none)
 * @param alpha           a queue estimate below this grows the limit; empty: Netflix's {@code 3 * log10(limit)}
 * @param beta            a queue estimate above this shrinks the limit; empty: Netflix's {@code 6 * log10(limit)}
 * @param probeMultiplier the minimum RTT is measured afresh about every {@code probeMultiplier * limit} samples
 *                        (Netflix {@code probeMultiplier}, 30)
 */
public record VegasSettings(int initialLimit, int minLimit, int maxLimit, double smoothing, OptionalInt alpha,
                            OptionalInt beta, int probeMultiplier) implements LimitAlgorithmSettings {

    /** Netflix's defaults. */
    public static final VegasSettings DEFAULTS =
            new VegasSettings(20, 1, 1000, 1.0, OptionalInt.empty(), OptionalInt.empty(), 30);

    /** Checks the ranges. */
    public VegasSettings {
        LimitAlgorithmSettings.checkLimits(initialLimit, minLimit, maxLimit);
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
        }
        if (alpha.isPresent() && alpha.getAsInt() < 1 || beta.isPresent() && beta.getAsInt() < 1) {
            throw new IllegalArgumentException("alpha and beta must be >= 1");
        }
        if (alpha.isPresent() && beta.isPresent() && alpha.getAsInt() >= beta.getAsInt()) {
            throw new IllegalArgumentException("alpha (" + alpha.getAsInt() + ") must be less than beta ("
                    + beta.getAsInt() + ")");
        }
        if (probeMultiplier < 1) {
            throw new IllegalArgumentException("probe-multiplier must be >= 1, got " + probeMultiplier);
        }
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.VEGAS;
    }

    @Override
    public LimitAlgorithm create() {
        return new VegasAlgorithm(this);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("initial-limit", Integer.toString(initialLimit));
        parameters.put("min-limit", Integer.toString(minLimit));
        parameters.put("max-limit", Integer.toString(maxLimit));
        parameters.put("smoothing", Double.toString(smoothing));
        parameters.put("alpha", alpha.isPresent() ? Integer.toString(alpha.getAsInt()) : "3*log10(limit)");
        parameters.put("beta", beta.isPresent() ? Integer.toString(beta.getAsInt()) : "6*log10(limit)");
        parameters.put("probe-multiplier", Integer.toString(probeMultiplier));
        return parameters;
    }
}
