package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.cache.CacheSettings;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.List;
import java.util.Objects;

/**
 * The {@code cache} layer of a rule: results of the matched methods are kept in a bounded cache and later
 * calls with the same key are answered from it.
 *
 * @param settings     bound, expiry, refresh-ahead, what is stored and what forms the key; defaults applied
 * @param invalidateOn methods whose normal return clears the cache of this rule's methods (methods that change
 *                     what they return); empty for none
 */
public record CacheConfig(CacheSettings settings, List<MethodPattern> invalidateOn) {

    /** Checks the arguments and copies the list. */
    public CacheConfig {
        Objects.requireNonNull(settings, "settings");
        invalidateOn = List.copyOf(invalidateOn);
    }

    /** A cache without invalidation. */
    public CacheConfig(CacheSettings settings) {
        this(settings, List.of());
    }
}
