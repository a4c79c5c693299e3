package dev.perfagent.agent.layer.limit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One partition of a limiter: its guaranteed share and its calls in flight. As in Netflix concurrency-limits 0.5.4's
 * {@code AbstractPartitionedLimiter.Partition}, the guarantee is {@code max(1, ceil(limit * share))}, so the
 * guarantees together may exceed the limit by rounding.
 */
final class LimiterPartition {
    final String name;
    /** The guaranteed share, in percent; 0 for a default partition that only borrows (still guaranteed 1). */
    final double percent;
    /** Calls of this partition in flight. */
    final AtomicInteger busy = new AtomicInteger();
    /** Calls of this partition refused. */
    final LongAdder rejected = new LongAdder();
    /** Calls this partition may have in flight even when the limiter is full. */
    volatile int guaranteed;

    LimiterPartition(String name, double percent, int limit) {
        this.name = name;
        this.percent = percent;
        onLimit(limit);
    }

    /** The limit changed: recompute the guarantee. Called under the limiter's update lock. */
    void onLimit(int limit) {
        guaranteed = (int) Math.max(1, Math.ceil(limit * percent / 100));
    }
}
