package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.breaker.FallbackSpec;
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
 * @param cache    the cache layer, if the rule has one
 * @param circuitBreaker   the circuit-breaker layer, if the rule has one
 * @param concurrencyLimit the concurrency-limit layer, if the rule has one
 * @param rateLimit        the rate-limit layer, if the rule has one
 * @param observeKeys      the key observation (a shadow cache that predicts a cache's hit ratio), if the rule has it
 * @param location where the rule starts in the config, for messages about it
 */
public record RuleConfig(String name, List<MethodPattern> match, Optional<TimeConfig> time,
                         Optional<BatchConfig> batch, Optional<CacheConfig> cache,
                         Optional<CircuitBreakerConfig> circuitBreaker,
                         Optional<ConcurrencyLimitConfig> concurrencyLimit, Optional<RateLimitConfig> rateLimit,
                         Optional<ObserveKeysConfig> observeKeys, ConfigLocation location) {

    /** A rule with timing and batching only. */
    public RuleConfig(String name, List<MethodPattern> match, Optional<TimeConfig> time,
                      Optional<BatchConfig> batch, ConfigLocation location) {
        this(name, match, time, batch, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), location);
    }

    /** A rule without key observation. */
    public RuleConfig(String name, List<MethodPattern> match, Optional<TimeConfig> time,
                      Optional<BatchConfig> batch, Optional<CacheConfig> cache,
                      Optional<CircuitBreakerConfig> circuitBreaker,
                      Optional<ConcurrencyLimitConfig> concurrencyLimit, Optional<RateLimitConfig> rateLimit,
                      ConfigLocation location) {
        this(name, match, time, batch, cache, circuitBreaker, concurrencyLimit, rateLimit, Optional.empty(),
                location);
    }

    /** Checks the arguments and copies the list. */
    public RuleConfig {
        Objects.requireNonNull(name, "name");
        match = List.copyOf(match);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(concurrencyLimit, "concurrencyLimit");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(observeKeys, "observeKeys");
        Objects.requireNonNull(location, "location");
    }

    /**
     * The settings of the rule's layer of this kind, empty when it has none; a reload compares them to
     * keep a layer whose settings did not change (its cache contents, its breaker state).
     */
    public Optional<?> layerConfig(LayerKind kind) {
        switch (kind) {
            case RATE_LIMIT:
                return rateLimit;
            case CONCURRENCY_LIMIT:
                return concurrencyLimit;
            case CIRCUIT_BREAKER:
                return circuitBreaker;
            case CACHE:
                return cache;
            case BATCH:
                return batch;
            case KEY_OBSERVATION:
                return observeKeys;
            default:
                return Optional.empty();
        }
    }

    /**
     * Whether a layer of the rule reads the call's arguments or its return value (a cache's key and stored
     * result, a batch's items, observed keys, a limit's partition, a fallback method's parameters). The other
     * layers (breaker, limits, rate limit) get calls without them: the woven method makes no argument array and
     * boxes no primitive.
     */
    public boolean readsValues() {
        return batch.isPresent() || cache.isPresent() || observeKeys.isPresent()
                || circuitBreaker.flatMap(CircuitBreakerConfig::fallback).map(FallbackSpec::isMethod).orElse(false)
                || concurrencyLimit.map(limit -> limit.partitionBy().isPresent()).orElse(false);
    }

    /** Whether the rule has a layer that acts on calls (and so needs the call advice). */
    public boolean actsOnCalls() {
        return batch.isPresent() || cache.isPresent() || circuitBreaker.isPresent() || concurrencyLimit.isPresent()
                || rateLimit.isPresent() || observeKeys.isPresent();
    }
}
