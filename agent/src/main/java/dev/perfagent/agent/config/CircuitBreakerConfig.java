package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.breaker.CircuitBreakerSettings;
import dev.perfagent.agent.layer.breaker.FallbackSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code circuit-breaker} layer of a rule: calls of the matched method are refused for a while when too
 * many of them fail or are slow.
 *
 * @param settings window, thresholds, timing and exception lists; defaults applied
 * @param fallback what a refused call gets instead of {@code dev.perfagent.CallNotPermittedException}: a
 *                 constant of the method's return type or a static method; checked against the method when
 *                 the site is created (constant) or first used (method)
 */
public record CircuitBreakerConfig(CircuitBreakerSettings settings, Optional<FallbackSpec> fallback) {

    /** Checks the arguments. */
    public CircuitBreakerConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(fallback, "fallback");
    }

    /** The layer with every default and no fallback. */
    public static CircuitBreakerConfig defaults() {
        return new CircuitBreakerConfig(CircuitBreakerSettings.defaults(), Optional.empty());
    }
}
