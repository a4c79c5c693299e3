package dev.perfagent.agent.layer.limit;

import java.util.Objects;

/**
 * One partition of a concurrency limit and the share of the limit guaranteed to it.
 *
 * @param name    the value of the partitioning argument ({@code String.valueOf}) that selects it
 * @param percent the guaranteed share, in (0, 100]
 */
public record PartitionShare(String name, double percent) {

    /** Checks the arguments. */
    public PartitionShare {
        Objects.requireNonNull(name, "name");
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("share of partition '" + name + "' must be in (0, 100], got " + percent);
        }
    }
}
