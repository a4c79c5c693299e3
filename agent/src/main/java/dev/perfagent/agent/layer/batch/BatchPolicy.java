package dev.perfagent.agent.layer.batch;

/**
 * Decides how large a batch to form and how long to wait for one; told what happened so it can adapt.
 * The batcher calls it from application threads, concurrently: implementations are thread-safe, take no
 * lock on the {@link #cap()} / {@link #waitNanos} path, and allocate nothing there.
 */
public interface BatchPolicy {

    /** The largest batch to form now; at least 1. */
    int cap();

    /**
     * How long a leader that found the model free, with {@code queued} calls waiting (fewer than
     * {@link #cap()}), should still wait for more before running them; 0 means run now.
     *
     * @param queued          calls waiting, the leader's own included
     * @param oldestArrival   {@link dev.perfagent.agent.time.Ticker} time the oldest of them arrived
     * @param now             the current Ticker time
     */
    long waitNanos(int queued, long oldestArrival, long now);

    /**
     * Whether a call arriving now, with {@code queuedAhead} calls ahead of it and {@code busyWorkers}
     * batches running, is predicted to finish past its deadline, so is better refused at once.
     */
    boolean shed(int queuedAhead, int busyWorkers, long now);

    /** A call arrived (for the arrival-rate estimate). */
    void arrived(long now);

    /** A batch of {@code size} calls took {@code serviceNanos} in the batch method. */
    void batchDone(int size, long serviceNanos, long now);

    /** A batched call completed {@code latencyNanos} after it arrived (queue wait plus service). */
    void callDone(long latencyNanos, long now);

    /**
     * A leader waited {@code waitedNanos} for a partial batch to fill and {@code arrivals} calls joined
     * meanwhile. Arrivals seen while callers are busy say little about arrivals while they wait: a closed
     * loop of callers, all blocked in the batch, sends nothing more. This is what tells the two apart.
     */
    default void waited(long waitedNanos, int arrivals, long now) {
    }

    /**
     * A batch of {@code size} calls failed because the device or heap ran out of memory; the batcher
     * retries it in halves. A policy that can should keep later batches below {@code size}.
     */
    default void outOfMemory(int size, long now) {
    }

    /**
     * The device's memory allows batches of at most {@code cap} calls ({@link DeviceMemoryCap}: the learnt
     * memory per item against the device's memory less the headroom); told after every batch while
     * memory-aware batching is on. A policy that can should keep batches at or below it.
     */
    default void deviceMemoryCap(int cap, long now) {
    }
}
