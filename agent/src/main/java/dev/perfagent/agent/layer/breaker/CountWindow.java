package dev.perfagent.agent.layer.breaker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last N calls: a ring of N slots, each holding one call's packed outcome ({@link WindowCounts}), and
 * the ring's totals in one packed {@code long}.
 *
 * <p>A call takes the next ring index, swaps its outcome into that slot and adds (its outcome - the evicted
 * one) to the totals, or only reads them when that difference is zero: at most three atomic operations, no
 * lock, no allocation. The totals always equal the sum of
 * the slots once every racing thread has added its difference; in between a field may be off by the
 * number of racing threads, which {@link WindowCounts#consistent} catches. Two calls whose indexes are N
 * apart can store in either order when one thread stalls for N calls; the window then holds the
 * older of the two instead of the newer, and its totals still match what it holds.
 *
 * <p>The steady state of a healthy dependency is a full window of successes, where one more success
 * changes nothing the window holds (the success it would evict is like it). Such a call only reads the
 * totals, so threads calling at once share that cache line and write nothing: no ring index to fight
 * over. The first call that is not a plain success takes the full path again. (A success that reads the
 * totals while a racing failure is swapped in but not yet added leaves the ring index where it was, so
 * that failure stays in the window for one call longer than its place says.)
 */
final class CountWindow implements SlidingWindow {
    private final int size;
    private final Thresholds thresholds;
    private final AtomicLongArray slots;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong totals = new AtomicLong();
    /** The totals of a full window of plain successes, and what the thresholds say of it. */
    private final long allSucceeded;
    private final int allSucceededReached;

    CountWindow(int size, Thresholds thresholds) {
        if (size < 1 || size > WindowSpec.MAX_CALLS) {
            throw new IllegalArgumentException("window of " + size + " calls");
        }
        this.size = size;
        this.thresholds = thresholds;
        this.slots = new AtomicLongArray(size);
        this.allSucceeded = size * WindowCounts.CALL;
        this.allSucceededReached = thresholds.reached(size, 0, 0);
    }

    @Override
    public int record(long nowNanos, boolean failure, boolean slow) {
        long call = WindowCounts.of(failure, slow);
        if (call == WindowCounts.CALL && totals.get() == allSucceeded) {
            return allSucceededReached;
        }
        int slot = (int) (next.getAndIncrement() % size);
        long evicted = slots.getAndSet(slot, call);
        long delta = call - evicted;
        // The steady state (a success replacing a success) leaves the totals as they are: reading them
        // instead of adding zero keeps their cache line shared between the calling cores.
        long counts = delta == 0 ? totals.get() : totals.addAndGet(delta);
        if (!WindowCounts.consistent(counts)) {
            return 0;
        }
        return thresholds.reached(WindowCounts.calls(counts), WindowCounts.failures(counts),
                WindowCounts.slow(counts));
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        long counts = totals.get();
        int calls = WindowCounts.calls(counts);
        // Mid-update (a racing thread's difference not added yet): clamp to what a window can hold.
        int failures = Math.max(0, Math.min(calls, WindowCounts.failures(counts)));
        int slow = Math.max(0, Math.min(calls, WindowCounts.slow(counts)));
        return new WindowSnapshot(Math.max(0, calls), failures, slow);
    }
}
