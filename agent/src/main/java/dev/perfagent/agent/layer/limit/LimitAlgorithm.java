package dev.perfagent.agent.layer.limit;

import java.util.Map;

/**
 * The rule that turns completed calls into a concurrency limit: Netflix concurrency-limits'
 * {@code Limit.onSample(startTime, rtt, inflight, didDrop)} (version 0.5.4), without the start time, which none
 * of its algorithms reads.
 *
 * <p>Implementations are single-threaded state machines. {@link ConcurrencyLimiter} serialises the calls of
 * {@link #update} (as Netflix's {@code AbstractLimit.onSample} does with {@code synchronized}) and skips them
 * altogether when the algorithm is not {@link #adaptive()}. {@link #limit()} and {@link #rttEstimates()} may be
 * read from any thread at any time.
 */
public interface LimitAlgorithm {

    /** Which algorithm this is. */
    LimitAlgorithmKind kind();

    /** The limit now: the initial limit until the first update changes it. */
    int limit();

    /**
     * One sample: a call that reached the dependency came back.
     *
     * @param rttNanos how long it took from admission to completion, &gt; 0
     * @param inFlight calls in flight when it was admitted, itself included (as Netflix passes it)
     * @param dropped  whether it counts as a drop (a timeout or an overload error), which the loss-based
     *                 algorithms answer by lowering the limit
     * @return the limit after the sample
     */
    int update(long rttNanos, int inFlight, boolean dropped);

    /** False when {@link #update} never changes anything (a fixed limit): the limiter then skips it. */
    default boolean adaptive() {
        return true;
    }

    /**
     * The algorithm's current latency estimates in nanoseconds, by kind ({@code short}, {@code long}, {@code min});
     * empty for algorithms that keep none. Iteration order is stable.
     */
    default Map<String, Double> rttEstimates() {
        return Map.of();
    }
}
