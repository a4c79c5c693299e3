package dev.perfagent.agent.layer.limit;

import java.util.Map;

/**
 * The validated parameters of one limit algorithm: an immutable value (read from the config) that makes fresh
 * {@link LimitAlgorithm}s. Each implementation's compact constructor rejects values the algorithm cannot run
 * with; the config parser reports them with their position first.
 */
public sealed interface LimitAlgorithmSettings
        permits Gradient2Settings, VegasSettings, AimdSettings, FixedSettings {

    /** The most any limit may be: far above any useful concurrency, and small enough for a permit's bits. */
    int MAX_LIMIT = 100_000;

    /** Which algorithm these settings are for. */
    LimitAlgorithmKind kind();

    /** A new algorithm at its initial limit. */
    LimitAlgorithm create();

    /**
     * The parameters by their config keys ({@link LimitAlgorithmKind#parameterKeys()}, in that order), formatted
     * as in the config; what {@code /status} shows.
     */
    Map<String, String> parameters();

    /** Checks {@code min <= initial <= max <= MAX_LIMIT} and {@code min >= 1}, as the config parser does. */
    static void checkLimits(int initial, int min, int max) {
        if (min < 1 || max > MAX_LIMIT || min > max || initial < min || initial > max) {
            throw new IllegalArgumentException("expected 1 <= min-limit (" + min + ") <= initial-limit (" + initial
                    + ") <= max-limit (" + max + ") <= " + MAX_LIMIT);
        }
    }
}
