package dev.perfagent.agent.layer.cache;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter for the cache's hit path, where a {@link LongAdder}'s compare-and-swap would cost a good part of
 * the lookup itself. Each thread counts in a cell of its own, chosen by its id and claimed once; while it owns
 * the cell an increment is a plain read and an ordered write, with no atomic read-modify-write, since no other
 * thread writes there. A thread whose cell another live thread owns counts in a {@link LongAdder} instead. A
 * cell whose owner has ended is taken over, its count kept (cells only add up); owners are held weakly, so the
 * counter keeps no thread (nor its context class loader) alive.
 *
 * <p>Exact: no increment is lost. {@link #sum()} may miss increments in flight, as {@link LongAdder#sum()}
 * does. Cells are padded apart so that threads counting at once do not share a cache line.
 */
final class StripedCounter {
    private static final int CELLS = 64;
    /** Longs from one cell to the next: 128 bytes, past a cache line and the adjacent-line prefetch. */
    private static final int STRIDE = 16;

    private final AtomicReferenceArray<Owner> owners = new AtomicReferenceArray<>(CELLS);
    private final AtomicLongArray counts = new AtomicLongArray(CELLS * STRIDE);
    private final LongAdder shared = new LongAdder();

    /** The thread that writes a cell: its id for the fast check, and itself, weakly, for the takeover check. */
    private static final class Owner extends WeakReference<Thread> {
        final long id;

        Owner(Thread thread) {
            super(thread);
            this.id = thread.getId();
        }

        /** Whether the thread can write again: a collected thread had ended long before. */
        boolean ended() {
            Thread thread = get();
            return thread == null || !thread.isAlive();
        }
    }

    /** Adds one. */
    void increment() {
        Thread thread = Thread.currentThread();
        long id = thread.getId();
        int cell = (int) (id & (CELLS - 1));
        Owner owner = owners.get(cell);
        if (owner != null && owner.id == id) {
            int slot = cell * STRIDE;
            counts.setRelease(slot, counts.getPlain(slot) + 1);
            return;
        }
        incrementSlowly(thread, cell, owner);
    }

    private void incrementSlowly(Thread thread, int cell, Owner owner) {
        // Taking over is safe: an ended owner's last write happened before isAlive() turned false.
        if ((owner == null || owner.ended()) && owners.compareAndSet(cell, owner, new Owner(thread))) {
            int slot = cell * STRIDE;
            counts.setRelease(slot, counts.getAcquire(slot) + 1);
            return;
        }
        shared.increment();
    }

    /** The count now. */
    long sum() {
        long sum = shared.sum();
        for (int cell = 0; cell < CELLS; cell++) {
            sum += counts.getAcquire(cell * STRIDE);
        }
        return sum;
    }
}
