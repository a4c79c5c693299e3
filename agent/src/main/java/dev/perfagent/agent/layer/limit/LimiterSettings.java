package dev.perfagent.agent.layer.limit;

import dev.perfagent.agent.layer.WhenLimited;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link ConcurrencyLimiter} is built from.
 *
 * @param algorithm   the limit algorithm and its parameters
 * @param whenLimited refuse a call that finds no room at once, or let it wait
 * @param maxWait     the longest a call waits for room: greater than zero with {@link WhenLimited#WAIT}, zero
 *                    with {@link WhenLimited#REJECT}
 * @param shares      the partitions and their guaranteed shares (at most 100% together, at most
 *                    {@link #MAX_PARTITIONS} including {@link #DEFAULT_PARTITION}); empty: not partitioned
 */
public record LimiterSettings(LimitAlgorithmSettings algorithm, WhenLimited whenLimited, Duration maxWait,
                              List<PartitionShare> shares) {

    /** The partition of argument values no share names (and of null), unless a share names it itself. */
    public static final String DEFAULT_PARTITION = "default";

    /** The most partitions a limiter holds, the default partition included. */
    public static final int MAX_PARTITIONS = 1 << Permits.PARTITION_BITS;

    /** Checks the arguments and copies the list. */
    public LimiterSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(whenLimited, "whenLimited");
        Objects.requireNonNull(maxWait, "maxWait");
        shares = List.copyOf(shares);
        if (whenLimited == WhenLimited.WAIT ? maxWait.isNegative() || maxWait.isZero() : !maxWait.isZero()) {
            throw new IllegalArgumentException("max-wait " + maxWait + " does not go with when-limited " + whenLimited);
        }
        Set<String> names = new HashSet<>();
        double sum = 0;
        for (PartitionShare share : shares) {
            if (!names.add(share.name())) {
                throw new IllegalArgumentException("partition '" + share.name() + "' given twice");
            }
            sum += share.percent();
        }
        if (sum > 100 + 1e-9) {
            throw new IllegalArgumentException("partition shares add up to " + sum + "%, more than 100%");
        }
        int partitions = shares.size() + (names.contains(DEFAULT_PARTITION) || shares.isEmpty() ? 0 : 1);
        if (partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException(partitions + " partitions, more than " + MAX_PARTITIONS);
        }
    }

    /** A limiter that refuses at once and is not partitioned. */
    public static LimiterSettings rejecting(LimitAlgorithmSettings algorithm) {
        return new LimiterSettings(algorithm, WhenLimited.REJECT, Duration.ZERO, List.of());
    }

    /** Whether calls are partitioned. */
    public boolean partitioned() {
        return !shares.isEmpty();
    }
}
