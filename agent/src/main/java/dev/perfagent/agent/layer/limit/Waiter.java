package dev.perfagent.agent.layer.limit;

/**
 * A call parked in a {@link WaitQueue}: its thread and partition, and what it was given. The result is written
 * once, under the queue's lock, by whoever resolves the waiter (a release handing it room, close, or the waiter
 * itself giving up), and read by the waiter without the lock.
 */
final class Waiter {
    /** Not resolved yet. */
    static final long PENDING = Long.MIN_VALUE;

    final Thread thread;
    final int partition;
    private volatile long result = PENDING;

    Waiter(Thread thread, int partition) {
        this.thread = thread;
        this.partition = partition;
    }

    /** {@link #PENDING}, a permit, or one of {@link ConcurrencyLimiter}'s negative codes. */
    long result() {
        return result;
    }

    void resolve(long value) {
        result = value;
    }
}
