package dev.perfagent.agent.advise.sites;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One woven site over one window: its calls, their outcome and latency, and the figures of its layers, all as
 * differences over the window (not totals since the site was woven).
 *
 * @param method the method in pattern notation, {@code pkg.Class#name(type)}
 * @param rule the rule that wove it
 * @param layers its layers' keys as in {@code /status}: {@code time}, then {@code cache}, {@code batch}, ...
 * @param lengthNanos the window's length
 * @param calls calls completed in the window
 * @param errors of them, those that threw
 * @param slowCalls of them, those slower than the site's SLO (0 without one)
 * @param totalNanos the sum of their latencies
 * @param sloNanos the site's latency objective, 0 without one
 * @param p99Nanos the 99th percentile of the site's recent latency (its sliding minute), 0 when unknown
 * @param worstErrorSecond the second of the window with the most errors
 * @param worstSlowSecond the second of the window with the most slow calls
 * @param cache the cache layer's figures, if the site has one
 * @param breaker the circuit breaker's figures, if the site has one
 * @param batch the batch layer's figures, if calls are batched
 * @param shadow the shadow cache's figures, if the site's argument keys are observed
 */
public record SiteWindow(String method, String rule, List<String> layers, long lengthNanos, long calls, long errors,
        long slowCalls, long totalNanos, long sloNanos, long p99Nanos, SecondCounts worstErrorSecond, SecondCounts worstSlowSecond,
        Optional<CacheFigures> cache, Optional<BreakerFigures> breaker, Optional<BatchFigures> batch,
        Optional<ShadowCacheFigures> shadow) {

    /** Checks the parts are present and copies the layer list. */
    public SiteWindow {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rule, "rule");
        layers = List.copyOf(layers);
        Objects.requireNonNull(worstErrorSecond, "worstErrorSecond");
        Objects.requireNonNull(worstSlowSecond, "worstSlowSecond");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(shadow, "shadow");
    }

    /** The mean latency of the window's calls in nanoseconds, 0 without calls. */
    public double meanNanos() {
        return calls == 0 ? 0 : (double) totalNanos / calls;
    }

    /** Completed calls per second. */
    public double callsPerSecond() {
        return lengthNanos <= 0 ? 0 : calls / (lengthNanos / 1e9);
    }

    /**
     * The mean number of calls in flight, by Little's law: arrivals per second times the time each stays. It
     * equals the busy time of all calls over the window's length.
     */
    public double meanConcurrency() {
        return lengthNanos <= 0 ? 0 : (double) totalNanos / lengthNanos;
    }

    /** Errors over calls, 0 without calls. */
    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }

    /** Whether a layer of this kind (its config key, {@code cache}, {@code circuit-breaker}) is on the site. */
    public boolean has(String layerKey) {
        return layers.contains(layerKey);
    }
}
