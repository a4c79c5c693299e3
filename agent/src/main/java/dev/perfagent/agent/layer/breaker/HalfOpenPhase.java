package dev.perfagent.agent.layer.breaker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Trial calls decide whether the dependency is back. At most {@link #calls} trial calls are admitted:
 * a permit is taken when a call enters and comes back when it ends, either as a recorded verdict (the
 * permit is spent) or, for a call with no verdict (a cache hit, a refusal further in, an ignored
 * exception), returned for another call to take. So no permit can leak: the chain calls the exit of every
 * call it let in. A trial call that never ends holds its permit, which is what {@code max-half-open}
 * bounds.
 *
 * <p>Admitted and recorded calls, failures and slow calls are packed 16 bits each into one {@code long},
 * so taking a permit, returning one and recording a verdict are each one atomic operation and every
 * verdict sees a consistent count; no lock, and no allocation after the phase is created.
 */
final class HalfOpenPhase extends BreakerPhase {
    private static final long SLOW = 1L;
    private static final long FAILURE = 1L << 16;
    private static final long RECORDED = 1L << 32;
    private static final long ADMITTED = 1L << 48;
    private static final long FIELD = 0xFFFFL;
    private static final long NOT_STARTED = Long.MIN_VALUE;

    /** The number of trial calls that decide. */
    final int calls;
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong firstProbeNanos = new AtomicLong(NOT_STARTED);

    HalfOpenPhase(int calls) {
        if (calls < 1 || calls > CircuitBreakerSettings.MAX_HALF_OPEN_CALLS) {
            throw new IllegalArgumentException("half-open calls " + calls);
        }
        this.calls = calls;
    }

    /** Takes a permit if one is left. The first one starts the {@code max-half-open} clock. */
    boolean tryAcquire(long nowNanos) {
        for (;;) {
            long current = probes.get();
            if (admitted(current) >= calls) {
                return false;
            }
            if (probes.compareAndSet(current, current + ADMITTED)) {
                if (firstProbeNanos.get() == NOT_STARTED) {
                    firstProbeNanos.compareAndSet(NOT_STARTED, nowNanos);
                }
                return true;
            }
        }
    }

    /** Gives a permit back without a verdict. */
    void release() {
        probes.addAndGet(-ADMITTED);
    }

    /** Spends a permit on a verdict; returns the packed counts after it. */
    long record(boolean failure, boolean slow) {
        return probes.addAndGet(RECORDED + (failure ? FAILURE : 0) + (slow ? SLOW : 0));
    }

    /** The packed counts now. */
    long counts() {
        return probes.get();
    }

    /** Whether the trial calls have had {@code maxNanos} since the first one and not decided. */
    boolean overdue(long nowNanos, long maxNanos) {
        long first = firstProbeNanos.get();
        return first != NOT_STARTED && nowNanos - first >= maxNanos;
    }

    static int admitted(long counts) {
        return (int) ((counts >>> 48) & FIELD);
    }

    static int recorded(long counts) {
        return (int) ((counts >>> 32) & FIELD);
    }

    static int failures(long counts) {
        return (int) ((counts >>> 16) & FIELD);
    }

    static int slow(long counts) {
        return (int) (counts & FIELD);
    }

    /** The recorded trial calls as a window. */
    static WindowSnapshot snapshot(long counts) {
        return new WindowSnapshot(recorded(counts), failures(counts), slow(counts));
    }

    @Override
    BreakerState state() {
        return BreakerState.HALF_OPEN;
    }
}
