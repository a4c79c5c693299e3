package dev.perfagent.agent.simulate;

import dev.perfagent.agent.time.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of a replay: a {@link Ticker} that stands still until the replay moves it on to the next
 * recorded event, so the layers under test see the trace's time, not the machine's, and replaying an hour
 * of traffic takes only as long as the computation. The replay moves it, in trace offsets
 * ({@link TraceRecord#offsetNanos()}), and never back; any thread may read it.
 */
public final class TraceClock implements Ticker {
    private final long start;
    private final AtomicLong offset = new AtomicLong();
    /** Time one call spent waiting in a layer, seen by that call only until the replay settles it. */
    private final AtomicLong borrowed = new AtomicLong();

    /** A clock that reads 0 at the start of the trace. */
    public TraceClock() {
        this(0);
    }

    /**
     * A clock that reads {@code start} at the start of the trace (a Ticker's origin is arbitrary; layers
     * must not care, and a test may pick one near the end of the {@code long} range to show it).
     */
    public TraceClock(long start) {
        this.start = start;
    }

    /** {@code start} plus the current offset (plus the current call's wait, while it has one). */
    @Override
    public long read() {
        return start + offset.get() + borrowed.get();
    }

    /**
     * The call being replayed waits {@code nanos} (a rate limit's turn): its own reading of the clock moves
     * on, the replay's does not, so the calls recorded at the same moment still arrive at that moment.
     */
    public void lend(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a wait cannot be negative: " + nanos + "ns");
        }
        borrowed.addAndGet(nanos);
    }

    /** Ends the current call's wait: returns how long it was, and the clock reads the replay's time again. */
    public long settle() {
        return borrowed.getAndSet(0);
    }

    /** How far into the trace the replay is, in nanoseconds. */
    public long offsetNanos() {
        return offset.get();
    }

    /**
     * Moves the clock on to {@code offsetNanos} into the trace; staying put is fine.
     *
     * @throws IllegalArgumentException if that is earlier than where the clock is: a replay never goes back
     */
    public void advanceTo(long offsetNanos) {
        long current = offset.get();
        while (offsetNanos >= current) {
            if (offset.compareAndSet(current, offsetNanos)) {
                return;
            }
            current = offset.get();
        }
        throw new IllegalArgumentException("the replay is at " + current + "ns into the trace; it cannot go back to "
                + offsetNanos + "ns");
    }

    /**
     * Moves the clock on by {@code nanos} (a waiting call's sleep, say).
     *
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a replay never goes back: " + nanos + "ns");
        }
        offset.addAndGet(nanos);
    }
}
