package dev.perfagent.agent.layer.rate;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The generic cell rate algorithm (GCRA) on one {@link AtomicLong}: the theoretical arrival time (TAT),
 * the instant at which the schedule would next be back at its steady rate. With emission interval T and
 * burst tolerance τ, a call at time t conforms when {@code TAT − τ ≤ t}; admitting it moves the schedule
 * on: {@code TAT' = max(TAT, t) + T}, by one compare-and-set (retried only when another thread moved TAT
 * in between).
 *
 * <p>There is no window and so no window edge: in any half-open interval of length L, at most
 * {@code ceil(L / T) + τ / T} calls are admitted, wherever the interval starts and whatever order the
 * threads' clock readings reach the compare-and-set in. (Each admission with its t in the interval
 * leaves TAT at least one T further past the interval's start, and the last one needed {@code TAT − τ}
 * before the interval's end.)
 *
 * <p>Thread-safe, lock-free and allocation-free. Times are {@code Ticker} readings and are only ever
 * compared by their difference, so the clock's origin and wrap-around do not matter.
 */
final class GcraLimiter {
    /** {@link #acquire}'s answer for a call whose turn is further away than it may wait. */
    static final long REFUSED = -1;

    private final long interval;
    private final long tolerance;
    private final AtomicLong tat;

    /**
     * @param intervalNanos  the emission interval T; positive
     * @param toleranceNanos the burst tolerance τ; at least 0
     * @param now            the clock now: the limiter starts idle, with its whole burst available
     */
    GcraLimiter(long intervalNanos, long toleranceNanos, long now) {
        if (intervalNanos < 1 || toleranceNanos < 0) {
            throw new IllegalArgumentException("interval " + intervalNanos + "ns, tolerance " + toleranceNanos + "ns");
        }
        this.interval = intervalNanos;
        this.tolerance = toleranceNanos;
        this.tat = new AtomicLong(now);
    }

    /**
     * Takes the next slot for a call at {@code now}, unless its turn is more than {@code maxWaitNanos}
     * away; a refused call leaves the schedule as it was.
     *
     * @param maxWaitNanos 0 to admit only calls whose turn has come
     * @return how long the caller must wait for its turn (0: go now), or {@link #REFUSED}
     */
    long acquire(long now, long maxWaitNanos) {
        for (;;) {
            long current = tat.get();
            long wait = current - tolerance - now;
            if (wait > maxWaitNanos) {
                return REFUSED;
            }
            long next = (current - now > 0 ? current : now) + interval;
            if (tat.compareAndSet(current, next)) {
                return wait > 0 ? wait : 0;
            }
        }
    }

    /**
     * Hands back the slot a waiting call took with {@code acquire(now, ...)} that returned {@code wait}
     * (positive), if no later call has taken a slot since: the schedule is then exactly as if the call had
     * never come. A slot with later slots after it stays taken, since moving the later ones forward would
     * let more calls through than the limit allows.
     *
     * @return whether the slot was handed back
     */
    boolean giveBack(long now, long wait) {
        // With wait > 0 the call found TAT = now + wait + τ, ahead of now, and moved it on by T.
        long mine = now + wait + tolerance + interval;
        return tat.compareAndSet(mine, mine - interval);
    }

    /**
     * How many calls arriving together at {@code now} would be admitted without waiting:
     * {@code floor((t + τ − max(TAT, t)) / T) + 1}, at least 0. (The k-th of them, counting from 0, finds
     * {@code max(TAT, t) + k·T} and conforms while that minus τ is at most t; the floor must round towards
     * minus infinity, so a schedule less than one interval too far ahead counts 0, not 1.)
     */
    long available(long now) {
        long ahead = tat.get() - now;
        long count = Math.floorDiv(tolerance - Math.max(ahead, 0), interval) + 1;
        return Math.max(count, 0);
    }

    /** The theoretical arrival time now, for tests and diagnostics. */
    long theoreticalArrivalTime() {
        return tat.get();
    }
}
