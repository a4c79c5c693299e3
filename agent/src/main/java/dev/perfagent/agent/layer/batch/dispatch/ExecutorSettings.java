package dev.perfagent.agent.layer.batch.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The executors of one batch site ({@code batch.executors}): how many replicas run batches, how each batch
 * is routed to one of them, and when a failing one is taken out of rotation and probed back.
 *
 * @param replicas     executors: for a {@code via} batch form, the first {@code replicas} distinct receivers
 *                     that call the site; 1 (the default) is the single-executor layer, unchanged
 * @param strategy     how a batch picks its executor
 * @param hashArgument with {@link RoutingStrategy#CONSISTENT_HASH}: which argument (0-based) of a batch's first
 *                     call is hashed
 * @param weights      with {@link RoutingStrategy#WEIGHTED}: one weight per executor, in the order executors
 *                     join; empty: all 1
 * @param ejectAfter   consecutive failed batches of one executor, while another executor succeeds, that take it
 *                     out of rotation
 * @param probeAfter   how long an executor stays out of rotation before one probe batch is sent to it
 */
public record ExecutorSettings(int replicas, RoutingStrategy strategy, int hashArgument, List<Integer> weights,
                               int ejectAfter, Duration probeAfter) {

    /** Default strategy: adapts to executors of unequal speed without any tuning. */
    public static final RoutingStrategy DEFAULT_STRATEGY = RoutingStrategy.LEAST_OUTSTANDING;
    /** Default consecutive failures before an executor is taken out of rotation. */
    public static final int DEFAULT_EJECT_AFTER = 3;
    /** Default time out of rotation before a probe. */
    public static final Duration DEFAULT_PROBE_AFTER = Duration.ofSeconds(5);
    /** Largest weight: the weighted router's schedule has one slot per unit of weight. */
    public static final int MAX_WEIGHT = 100;

    /** Checks the arguments. */
    public ExecutorSettings {
        if (replicas < 1 || hashArgument < 0 || ejectAfter < 1) {
            throw new IllegalArgumentException("replicas and eject-after must be at least 1, hash-argument at least 0");
        }
        Objects.requireNonNull(strategy, "strategy");
        weights = List.copyOf(weights);
        for (int weight : weights) {
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("weights must be from 1 to " + MAX_WEIGHT + ", got " + weight);
            }
        }
        if (probeAfter.isNegative() || probeAfter.isZero()) {
            throw new IllegalArgumentException("probe-after must be positive");
        }
    }

    /** One executor: the batch layer as it always was. */
    public static ExecutorSettings single() {
        return new ExecutorSettings(1, DEFAULT_STRATEGY, 0, List.of(), DEFAULT_EJECT_AFTER, DEFAULT_PROBE_AFTER);
    }

    /** The weight of the executor at {@code index}: 1 when no weights are given or the list is shorter. */
    public int weight(int index) {
        return index < weights.size() ? weights.get(index) : 1;
    }
}
