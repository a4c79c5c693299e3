package dev.perfagent.agent.config;

import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule: which methods, and the layers stacked on them.
 *
 * @param name     unique among the rules; letters, digits, {@code _ . -}
 * @param match    the method patterns; a method matching any of them is selected
 * @param time     the timing layer, if the rule has one
 * @param batch    the batching layer, if the rule has one (its calls are timed too)
 * @param location where the rule starts in the config, for messages about it
 */
public record RuleConfig(String name, List<MethodPattern> match, Optional<TimeConfig> time,
                         Optional<BatchConfig> batch, ConfigLocation location) {

    /** Checks the arguments and copies the list. */
    public RuleConfig {
        Objects.requireNonNull(name, "name");
        match = List.copyOf(match);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(location, "location");
    }
}
