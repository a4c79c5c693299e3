package dev.perfagent.agent.layer.batch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * The figures of one batch site, recorded by the application threads that lead batches and wait in the
 * queue. Every recording method is lock-free and allocation-free (an {@link AtomicHistogram} bucket
 * increment or a striped {@link LongAdder}) and clamps its value into range, so it never throws. Readers
 * ({@link #batchSizes()} and the other snapshot methods) copy the cumulative histograms without stopping
 * writers: a copy taken during recording may be off by the values recorded meanwhile, never torn beyond
 * that.
 *
 * <p>What the counters count:
 * <ul>
 *   <li>{@link #batches()}, {@link #items()}: batches formed from the queue and the calls in them (a
 *       batch split to isolate a failure still counts once);</li>
 *   <li>{@link #rejected()}: calls that found the queue full, whatever {@link WhenFull} then did with them;
 *       {@link #shed()}: calls the policy refused at arrival;</li>
 *   <li>{@link #runAlone()}: calls handed back to run the original method themselves (queue full or shed
 *       with {@code RUN_ALONE}, closed, batching off, interrupted while queued);</li>
 *   <li>{@link #timedOut()}: calls that threw {@link dev.perfagent.CallTimeoutException};</li>
 *   <li>{@link #isolatedFailures()}: calls of a failed batch that bisection showed to fail on their own;</li>
 *   <li>{@link #queueWaitNanos()}, {@link #serviceNanos()}, {@link #stagingNanos()}: summed queue waits, batch
 *       times and, of the latter, the time spent staging inputs ({@link StagingTimer}); differences of two
 *       readings give a window's mean queue length (Little's law) and staging share;</li>
 *   <li>{@link #outOfMemories()}: batches that failed because the device or heap ran out of memory (each
 *       halved the cap);</li>
 *   <li>{@link #faults()}: exceptions from agent code (the policy, this class's callers) that were caught
 *       so no call was lost; {@link #lastFault()} keeps the latest for the log.</li>
 * </ul>
 */
public final class BatchStats {
    /** Queue waits and service times above this are recorded as this (one hour). */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Two significant digits for times (1% precision), as the timing layer records them. */
    static final int TIME_DIGITS = 2;
    /** Three for sizes: every size up to 2048 has its own bucket. */
    static final int SIZE_DIGITS = 3;

    private final long highestSize;
    private final AtomicHistogram batchSizes;
    private final AtomicHistogram queueWait = new AtomicHistogram(1, HIGHEST_TRACKABLE_NANOS, TIME_DIGITS);
    private final AtomicHistogram service = new AtomicHistogram(1, HIGHEST_TRACKABLE_NANOS, TIME_DIGITS);
    private final LongAdder items = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder isolatedFailures = new LongAdder();
    private final LongAdder runAlone = new LongAdder();
    private final LongAdder faults = new LongAdder();
    private final LongAdder queueWaitTotal = new LongAdder();
    private final LongAdder serviceTotal = new LongAdder();
    private final LongAdder stagingTotal = new LongAdder();
    private final LongAdder outOfMemories = new LongAdder();
    private volatile Throwable lastFault;
    private volatile boolean disabled;

    /** @param maxBatchSize the largest batch the site may form (larger sizes are recorded as this) */
    public BatchStats(int maxBatchSize) {
        // HdrHistogram needs highest >= 2 * lowest.
        this.highestSize = Math.max(2, maxBatchSize);
        this.batchSizes = new AtomicHistogram(1, highestSize, SIZE_DIGITS);
    }

    /** A batch of {@code size} calls was formed and took {@code serviceNanos} in the batch method. */
    public void recordBatch(int size, long serviceNanos) {
        batches.increment();
        items.add(size);
        batchSizes.recordValue(Math.max(1, Math.min(size, highestSize)));
        service.recordValue(clampNanos(serviceNanos));
        serviceTotal.add(clampNanos(serviceNanos));
    }

    /** A call waited {@code nanos} in the queue before its batch started. */
    public void recordQueueWait(long nanos) {
        queueWait.recordValue(clampNanos(nanos));
        queueWaitTotal.add(clampNanos(nanos));
    }

    /** A batch spent {@code nanos} staging its inputs (part of its service time). */
    public void recordStaging(long nanos) {
        stagingTotal.add(clampNanos(nanos));
    }

    /** A batch failed because the device or heap ran out of memory. */
    public void recordOutOfMemory() {
        outOfMemories.increment();
    }

    public void recordRejected() {
        rejected.increment();
    }

    public void recordShed() {
        shed.increment();
    }

    public void recordTimedOut() {
        timedOut.increment();
    }

    public void recordIsolatedFailure() {
        isolatedFailures.increment();
    }

    public void recordRunAlone() {
        runAlone.increment();
    }

    /** An agent bug was caught; the call it touched was still completed. */
    public void recordFault(Throwable fault) {
        faults.increment();
        lastFault = fault;
    }

    /** The batch method broke its contract and batching is off for the site from now on. */
    public void recordDisabled() {
        disabled = true;
    }

    public long items() {
        return items.sum();
    }

    public long batches() {
        return batches.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long shed() {
        return shed.sum();
    }

    public long timedOut() {
        return timedOut.sum();
    }

    public long isolatedFailures() {
        return isolatedFailures.sum();
    }

    public long runAlone() {
        return runAlone.sum();
    }

    public long faults() {
        return faults.sum();
    }

    /** Queue waits summed since the start, ns. */
    public long queueWaitNanos() {
        return queueWaitTotal.sum();
    }

    /** Batch times (in the batch method, re-runs included) summed since the start, ns. */
    public long serviceNanos() {
        return serviceTotal.sum();
    }

    /** Of the batch times, the time spent staging inputs, summed since the start, ns. */
    public long stagingNanos() {
        return stagingTotal.sum();
    }

    /** Batches that ran out of memory since the start. */
    public long outOfMemories() {
        return outOfMemories.sum();
    }

    /** The latest fault recorded, or null. */
    public Throwable lastFault() {
        return lastFault;
    }

    /** Whether batching was turned off for the site because the batch method broke its contract. */
    public boolean disabled() {
        return disabled;
    }

    /** A copy of the batch-size distribution since the start. */
    public Histogram batchSizes() {
        Histogram copy = new Histogram(1, highestSize, SIZE_DIGITS);
        copy.add(batchSizes);
        return copy;
    }

    /** A copy of the queue-wait distribution (nanoseconds) since the start. */
    public Histogram queueWait() {
        return copyTimes(queueWait);
    }

    /** A copy of the distribution of time spent in the batch method per batch (nanoseconds) since the start. */
    public Histogram serviceTime() {
        return copyTimes(service);
    }

    private static Histogram copyTimes(AtomicHistogram source) {
        Histogram copy = new Histogram(1, HIGHEST_TRACKABLE_NANOS, TIME_DIGITS);
        copy.add(source);
        return copy;
    }

    private static long clampNanos(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
    }
}
