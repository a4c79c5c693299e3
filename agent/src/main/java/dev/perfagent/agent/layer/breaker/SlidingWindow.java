package dev.perfagent.agent.layer.breaker;

/**
 * The outcomes of a closed breaker's recent calls. Implementations are lock-free and allocate nothing in
 * {@link #record}; they are written by many application threads at once and read by the exporters.
 */
interface SlidingWindow {

    /**
     * Adds one call that ended at {@code nowNanos} and judges the window with it.
     *
     * @return which thresholds the window reaches now ({@link Thresholds#FAILURE_RATE},
     *     {@link Thresholds#SLOW_CALL_RATE}), 0 when none (or while racing threads leave it mid-update: the
     *     next call judges again)
     */
    int record(long nowNanos, boolean failure, boolean slow);

    /** The calls in the window at {@code nowNanos}. */
    WindowSnapshot snapshot(long nowNanos);
}
