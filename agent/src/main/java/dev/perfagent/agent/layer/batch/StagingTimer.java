package dev.perfagent.agent.layer.batch;

import dev.perfagent.agent.time.Ticker;

/**
 * Times the part of a batch spent staging its inputs: copying each call's data into the merged batch (the
 * host buffers a device copy starts from), as opposed to running the model. A {@link BatchFunction} that
 * stages calls {@link #start()} and {@link #stop(long)} around that part, on the leader's thread that runs
 * the batch; two clock reads per batch, nothing on the callers that only wait. The total goes to the site's
 * {@link BatchStats#stagingNanos()}, where the advisor weighs it against the batch time.
 *
 * <p>Thread-safe: several leaders (workers) may time their batches at once.
 */
public final class StagingTimer {
    /** A timer that records nothing: for batch functions run outside a batcher (tests, tools). */
    public static final StagingTimer NONE = new StagingTimer(() -> 0L, null);

    private final Ticker ticker;
    private final BatchStats stats;

    /**
     * @param ticker the clock
     * @param stats  where the staging time of the site's batches is summed
     */
    public StagingTimer(Ticker ticker, BatchStats stats) {
        this.ticker = ticker;
        this.stats = stats;
    }

    /** The time staging starts, to hand to {@link #stop(long)}. */
    public long start() {
        return ticker.read();
    }

    /** Staging that began at {@code started} is done. Never throws. */
    public void stop(long started) {
        if (stats != null) {
            stats.recordStaging(ticker.read() - started);
        }
    }
}
