package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.limit.Gradient2Settings;
import dev.perfagent.agent.layer.limit.LimiterSettings;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The {@code concurrency-limit} layer of a rule: an adaptive limit on the calls of the matched method in flight at
 * once (see {@link dev.perfagent.agent.layer.limit.ConcurrencyLimiter}).
 *
 * @param limiter     the algorithm and its parameters, what to do when limited, the partitions' shares
 * @param partitionBy the argument (counted from 0) whose {@code String.valueOf} names a call's partition; present
 *                    exactly when {@code limiter} has shares
 * @param droppedOn   binary names of the exceptions that count as drops (matched on the thrown class and its
 *                    superclasses)
 */
public record ConcurrencyLimitConfig(LimiterSettings limiter, OptionalInt partitionBy, List<String> droppedOn) {

    /** Checks the arguments and copies the list. */
    public ConcurrencyLimitConfig {
        Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(partitionBy, "partitionBy");
        droppedOn = List.copyOf(droppedOn);
        if (partitionBy.isPresent() != limiter.partitioned()) {
            throw new IllegalArgumentException("partition.by and partition.shares go together");
        }
        if (partitionBy.isPresent() && partitionBy.getAsInt() < 0) {
            throw new IllegalArgumentException("partition.by must be >= 0, got " + partitionBy.getAsInt());
        }
    }

    /** The layer with every default: gradient2 with Netflix's parameters, refusing at once, one partition. */
    public static ConcurrencyLimitConfig defaults() {
        return new ConcurrencyLimitConfig(LimiterSettings.rejecting(Gradient2Settings.DEFAULTS), OptionalInt.empty(),
                List.of());
    }
}
