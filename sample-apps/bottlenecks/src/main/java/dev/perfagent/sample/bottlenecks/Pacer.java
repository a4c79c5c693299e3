package dev.perfagent.sample.bottlenecks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spreads calls evenly over time at a fixed rate shared by all threads: each call claims the next slot and
 * parks until that slot's time. Used where a steady rate is the point (the leak's bytes per second, the
 * healthy workload's light load) rather than running flat out.
 */
final class Pacer {
    private final long startNanos = System.nanoTime();
    private final long intervalNanos;
    private final AtomicLong nextSlot = new AtomicLong();

    /** One call every {@code intervalNanos} across all threads. */
    Pacer(long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
    }

    /** Waits for this call's slot. */
    void awaitTurn() {
        long due = startNanos + nextSlot.getAndIncrement() * intervalNanos;
        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
    }
}
