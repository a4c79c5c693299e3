package dev.perfagent.agent.layer.batch.dispatch;

/**
 * How a batch site with several executors chooses the executor of each batch. Written in the config in
 * lower case with {@code -} for {@code _}: {@code least-latency}.
 */
public enum RoutingStrategy {
    /** Each executor in turn. */
    ROUND_ROBIN,
    /** The executor with the fewest batches in flight. */
    LEAST_OUTSTANDING,
    /** Two executors drawn at random; the one with fewer batches in flight (then the faster one). */
    POWER_OF_TWO,
    /** The executor with the least expected time: its EWMA service time per call times (in flight + 1). */
    LEAST_LATENCY,
    /** Each executor in proportion to its weight, interleaved (smooth weighted round-robin, as nginx does). */
    WEIGHTED,
    /** A hash ring over the executors, keyed by one argument of the batch's first call. */
    CONSISTENT_HASH
}
