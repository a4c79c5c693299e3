package dev.perfagent.agent.config;

import java.util.Objects;

/**
 * One thing wrong with a config: where, which key, and what.
 *
 * @param location where the bad value or key is
 * @param key      the full key path, e.g. {@code rules[1].time.slo-p99}; {@code (file)} when the
 *                 file cannot be read and {@code (yaml)} for YAML syntax errors
 * @param message  what is wrong and what was expected
 */
public record ConfigProblem(ConfigLocation location, String key, String message) {

    /** Checks the arguments. */
    public ConfigProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The one-line form {@code FILE:LINE:COLUMN: KEY: message}, e.g.
     * {@code perf-agent.yaml:12:14: rules[1].time.slo-p99: invalid duration 'fast' (...)}.
     */
    @Override
    public String toString() {
        return location + ": " + key + ": " + message;
    }
}
