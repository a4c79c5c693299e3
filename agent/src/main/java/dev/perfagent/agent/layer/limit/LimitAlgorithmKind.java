package dev.perfagent.agent.layer.limit;

import java.util.List;
import java.util.Locale;

/**
 * The limit algorithms a {@code concurrency-limit} layer can run, by their names in the config, each with the
 * config keys of its parameters (only those of the chosen algorithm are allowed next to it).
 */
public enum LimitAlgorithmKind {
    /** Netflix's {@code Gradient2Limit}: long-term against short-term average RTT (the default). */
    GRADIENT2("initial-limit", "min-limit", "max-limit", "smoothing", "queue-size", "rtt-tolerance", "long-window"),
    /** Netflix's {@code VegasLimit}: queue estimate from the minimum RTT, as TCP Vegas. */
    VEGAS("initial-limit", "min-limit", "max-limit", "smoothing", "alpha", "beta", "probe-multiplier"),
    /** Netflix's {@code AIMDLimit}: additive increase, multiplicative decrease on drops and timeouts. */
    AIMD("initial-limit", "min-limit", "max-limit", "backoff-ratio", "timeout"),
    /** Netflix's {@code FixedLimit}: a bulkhead that never moves. */
    FIXED("limit");

    private final List<String> keys;

    LimitAlgorithmKind(String... keys) {
        this.keys = List.of(keys);
    }

    /** The name in the config and in {@code /status}: {@code gradient2}, {@code vegas}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The config keys of this algorithm's parameters, in documentation order. */
    public List<String> parameterKeys() {
        return keys;
    }
}
