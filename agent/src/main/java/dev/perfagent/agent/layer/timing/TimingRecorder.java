package dev.perfagent.agent.layer.timing;

import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Records the latency of one site. The calling thread's path ({@link #record}) takes no lock and
 * allocates nothing: a cumulative histogram with an exact sum that a thread owning its cell writes with
 * plain stores ({@link ThreadCellHistogram}; other threads fall back to atomics in a
 * {@link StripedHistogram}), and striped {@link LongAdder}s for the rare outcomes. An HdrHistogram
 * {@code Recorder}'s writer-reader phaser would cost two atomic updates more per call; intervals are
 * instead taken by readers as the difference between successive snapshots of the cumulative histogram
 * (counts only grow, so the difference is never negative). Readers work under this object's monitor, off
 * the hot path, and feed a sliding {@link LatencyWindow}.
 */
public final class TimingRecorder {
    /** Latencies above this are recorded as this (one hour). */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Two significant digits: 1% value precision, a fraction of the memory of three. */
    static final int SIGNIFICANT_DIGITS = 2;

    private final ThreadCellHistogram cumulative =
            new ThreadCellHistogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS, StripedHistogram.stripesForHost());
    private final LongAdder errors = new LongAdder();
    private final LongAdder sloViolations = new LongAdder();
    private final long sloNanos;
    private final Ticker ticker;
    private final LatencyWindow window;
    /** Reader-side buffers, reused: the snapshot at the previous drain and the new one. */
    private Histogram drained = newHistogram();
    private Histogram snapshot = newHistogram();

    /**
     * @param slo calls slower than this count as SLO violations; null for none
     * @param window how far back {@link #recentLatency()} looks, cut into {@code slots} slots
     */
    public TimingRecorder(Duration slo, Duration window, int slots, Ticker ticker) {
        this.sloNanos = slo == null ? Long.MAX_VALUE : slo.toNanos();
        this.ticker = ticker;
        this.window = new LatencyWindow(slots, Math.max(1, window.toNanos() / slots), HIGHEST_TRACKABLE_NANOS);
    }

    /** Records one completed call. Lock-free and allocation-free. */
    public void record(long nanos, boolean failed) {
        long value = nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
        cumulative.recordValue(value);
        if (failed) {
            errors.increment();
        }
        if (value > sloNanos) {
            sloViolations.increment();
        }
    }

    /** Completed calls: exact, read from the cumulative histogram's total. */
    public long calls() {
        return cumulative.totalCount();
    }

    public long errors() {
        return errors.sum();
    }

    public long sloViolations() {
        return sloViolations.sum();
    }

    public long totalNanos() {
        return cumulative.sum();
    }

    public OptionalLong sloNanos() {
        return sloNanos == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(sloNanos);
    }

    /** Moves what was recorded since the last drain into the window; called by readers and the control loop. */
    public synchronized void drain() {
        snapshot.reset();
        cumulative.addTo(snapshot);
        window.addDifference(snapshot, drained, ticker.read());
        Histogram previous = drained;
        drained = snapshot;
        snapshot = previous;
    }

    /** A fresh copy of the latency distribution (nanoseconds) over the window. */
    public synchronized Histogram recentLatency() {
        drain();
        Histogram copy = newHistogram();
        window.copyInto(copy, ticker.read());
        return copy;
    }

    private static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }
}
