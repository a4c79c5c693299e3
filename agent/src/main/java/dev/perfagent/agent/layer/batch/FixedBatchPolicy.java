package dev.perfagent.agent.layer.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * A fixed cap and a fixed longest delay: a leader runs at once when the batch is full, otherwise waits until the
 * oldest waiting call has waited {@code maxDelay}. Never sheds, learns nothing. These are the settings of the
 * usual serving systems, kept as baselines for benchmarks: delay 0 is Triton's dynamic batcher default
 * ({@code max_queue_delay_microseconds: 0}); 1 ms and 5 ms lie in the 1–10 ms range that TF Serving's batching
 * guide suggests trying for {@code batch_timeout_micros}; 100 ms is the {@code max_batch_delay} default of
 * TorchServe and DJL Serving.
 *
 * <p>Immutable and stateless: every method is thread-safe, lock-free and allocation-free.
 */
public final class FixedBatchPolicy implements BatchPolicy {
    private final int cap;
    private final long maxDelayNanos;

    /**
     * @param cap      largest batch; at least 1
     * @param maxDelay longest the oldest call of a partial batch waits; zero or more
     */
    public FixedBatchPolicy(int cap, Duration maxDelay) {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1: " + cap);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative: " + maxDelay);
        }
        this.cap = cap;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    @Override
    public int cap() {
        return cap;
    }

    /** The fixed longest delay, ns. */
    public long maxDelayNanos() {
        return maxDelayNanos;
    }

    /** What is left of {@code maxDelay} since the oldest call arrived; 0 once the batch is full or the delay is up. */
    @Override
    public long waitNanos(int queued, long oldestArrival, long now) {
        if (queued >= cap) {
            return 0;
        }
        long waited = now - oldestArrival;
        return waited >= maxDelayNanos ? 0 : maxDelayNanos - Math.max(0, waited);
    }

    @Override
    public boolean shed(int queuedAhead, int busyWorkers, long now) {
        return false;
    }

    @Override
    public void arrived(long now) {
    }

    @Override
    public void batchDone(int size, long serviceNanos, long now) {
    }

    @Override
    public void callDone(long latencyNanos, long now) {
    }

    @Override
    public String toString() {
        return "FixedBatchPolicy[cap=" + cap + ", maxDelay=" + Duration.ofNanos(maxDelayNanos) + "]";
    }
}
