package dev.perfagent.agent.layer.timing;

import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records the latency of one site. The calling thread's path ({@link #record}) takes no lock and
 * allocates nothing: an HdrHistogram {@link Recorder} (atomic counts behind a writer-reader phaser)
 * and striped {@link LongAdder} counters. Readers drain the recorder into a sliding
 * {@link LatencyWindow} under this object's monitor, off the hot path.
 */
public final class TimingRecorder {
    /** Latencies above this are recorded as this (one hour). */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Two significant digits: 1% value precision, a fraction of the memory of three. */
    static final int SIGNIFICANT_DIGITS = 2;

    private final Recorder recorder = new Recorder(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder sloViolations = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final long sloNanos;
    private final Ticker ticker;
    private final LatencyWindow window;
    private Histogram interval;

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
        recorder.recordValue(value);
        calls.increment();
        totalNanos.add(value);
        if (failed) {
            errors.increment();
        }
        if (value > sloNanos) {
            sloViolations.increment();
        }
    }

    public long calls() {
        return calls.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long sloViolations() {
        return sloViolations.sum();
    }

    public long totalNanos() {
        return totalNanos.sum();
    }

    public OptionalLong sloNanos() {
        return sloNanos == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(sloNanos);
    }

    /** Moves what was recorded since the last drain into the window; called by readers and the control loop. */
    public synchronized void drain() {
        interval = recorder.getIntervalHistogram(interval);
        window.add(interval, ticker.read());
    }

    /** A fresh copy of the latency distribution (nanoseconds) over the window. */
    public synchronized Histogram recentLatency() {
        drain();
        Histogram copy = new Histogram(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        window.copyInto(copy, ticker.read());
        return copy;
    }
}
