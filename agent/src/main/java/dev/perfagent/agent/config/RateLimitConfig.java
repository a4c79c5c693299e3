package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.rate.RateLimitSettings;
import java.util.Objects;

/**
 * The {@code rate-limit} layer of a rule: calls of the matched method start at most {@code permits} per
 * {@code per}, evenly spaced (GCRA), with {@code burst} extra at once; a call that comes too early is
 * refused or waits up to {@code max-wait} for its turn.
 *
 * @param settings the validated settings, defaults applied; they live beside the layer, which must not
 *                 depend on the config package
 */
public record RateLimitConfig(RateLimitSettings settings) {

    /** Checks the argument. */
    public RateLimitConfig {
        Objects.requireNonNull(settings, "settings");
    }
}
