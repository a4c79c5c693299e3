package dev.perfagent.agent.layer.limit;

import java.util.Map;

/**
 * The one parameter of {@link FixedAlgorithm}.
 *
 * @param limit the calls allowed in flight at once, 1 to {@link LimitAlgorithmSettings#MAX_LIMIT}
 */
public record FixedSettings(int limit) implements LimitAlgorithmSettings {

    /** Checks the range. */
    public FixedSettings {
        LimitAlgorithmSettings.checkLimits(limit, 1, limit);
    }

    @Override
    public LimitAlgorithmKind kind() {
        return LimitAlgorithmKind.FIXED;
    }

    @Override
    public LimitAlgorithm create() {
        return new FixedAlgorithm(limit);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("limit", Integer.toString(limit));
    }
}
