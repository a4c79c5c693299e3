package dev.perfagent.agent.layer.limit;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;

/**
 * The calls waiting for room in a limiter, oldest first. Only the slow path takes its lock: a release looks at
 * {@link #isEmpty()} (one volatile read) and drains only when someone waits.
 *
 * <p>No wake-up is lost: a waiter is counted in {@link #isEmpty()} before it drains under the lock, and a release
 * frees its room before it reads {@link #isEmpty()}; so either the release sees the waiter and drains, or the
 * waiter's own drain sees the room (volatile accesses are sequentially consistent).
 */
final class WaitQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** The limiter's lock-free admission: a permit, or a negative value when there is no room for a partition. */
    private final IntToLongFunction admission;
    private final boolean partitioned;
    private volatile int size;
    private boolean closed;

    WaitQueue(IntToLongFunction admission, boolean partitioned) {
        this.admission = admission;
        this.partitioned = partitioned;
    }

    /** Whether nobody waits; lock-free. */
    boolean isEmpty() {
        return size == 0;
    }

    /** Waiters now, for figures. */
    int size() {
        return size;
    }

    /**
     * Queues the calling thread and hands room to waiters in order (this one among them, if it is first in line);
     * the returned waiter may already be resolved. After {@link #close()} it is resolved as unlimited at once.
     */
    Waiter enqueue(int partition) {
        Waiter waiter = new Waiter(Thread.currentThread(), partition);
        lock.lock();
        try {
            if (closed) {
                waiter.resolve(ConcurrencyLimiter.UNLIMITED);
                return waiter;
            }
            waiters.addLast(waiter);
            size = waiters.size();
            drainLocked();
        } finally {
            lock.unlock();
        }
        return waiter;
    }

    /** Room may have appeared (a release, a higher limit): hands it to the waiters in order. */
    void drain() {
        lock.lock();
        try {
            drainLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Admits waiters oldest first while there is room. Unpartitioned, the first that finds no room ends the pass.
     * Partitioned, a waiter refused for its partition is passed over for younger ones of partitions still within
     * their guarantee, so a partition's share is never stuck behind another partition's queue.
     */
    private void drainLocked() {
        long refusedPartitions = 0;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            long bit = 1L << waiter.partition;
            if ((refusedPartitions & bit) != 0) {
                continue;
            }
            long permit = admission.applyAsLong(waiter.partition);
            if (permit < 0) {
                if (!partitioned) {
                    break;
                }
                refusedPartitions |= bit;
                continue;
            }
            it.remove();
            waiter.resolve(permit);
            LockSupport.unpark(waiter.thread);
        }
        size = waiters.size();
    }

    /**
     * The waiter gives up (timed out or interrupted).
     *
     * @return true if it left the queue without a trace; false if it was resolved meanwhile and must take its
     *     {@link Waiter#result()}
     */
    boolean cancel(Waiter waiter) {
        lock.lock();
        try {
            if (waiter.result() != Waiter.PENDING) {
                return false;
            }
            waiters.remove(waiter);
            size = waiters.size();
            // Its leaving can unblock no one: room is handed out oldest-first, so no one behind it was
            // refused because of it.
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Resolves every waiter, now and later, as unlimited and wakes them. */
    void close() {
        lock.lock();
        try {
            closed = true;
            for (Waiter waiter : waiters) {
                waiter.resolve(ConcurrencyLimiter.UNLIMITED);
                LockSupport.unpark(waiter.thread);
            }
            waiters.clear();
            size = 0;
        } finally {
            lock.unlock();
        }
    }
}
