package dev.perfagent.agent.layer.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolved settings of one batch layer (defaults applied), as the batcher and controller use them.
 *
 * @param maxSize       largest batch ever formed; at least 1
 * @param workers       batches in flight at once per queue; at least 1
 * @param queueCapacity calls that may wait per queue; at least 1
 * @param whenFull      what a call does when the queue is full or it is shed
 * @param timeout       longest a call may wait for its result before {@link dev.perfagent.CallTimeoutException};
 *                      empty for no limit
 * @param sloP99        the latency objective the controller sizes batches against; empty: no added delay,
 *                      batches of everything queued up to {@code maxSize}
 * @param maxDelay      longest a leader waits for a partial batch to fill (only with an SLO)
 */
public record BatchSettings(int maxSize, int workers, int queueCapacity, WhenFull whenFull,
                            Optional<Duration> timeout, Optional<Duration> sloP99, Duration maxDelay) {

    /** Default largest batch. */
    public static final int DEFAULT_MAX_SIZE = 64;
    /** Default queue capacity per receiver. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    /** Default longest wait for a partial batch. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(5);

    /** Checks the arguments. */
    public BatchSettings {
        if (maxSize < 1 || workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("maxSize, workers and queueCapacity must be at least 1");
        }
        Objects.requireNonNull(whenFull, "whenFull");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(sloP99, "sloP99");
        Objects.requireNonNull(maxDelay, "maxDelay");
    }

    /** The defaults: no SLO, no timeout, run alone when full. */
    public static BatchSettings defaults() {
        return new BatchSettings(DEFAULT_MAX_SIZE, 1, DEFAULT_QUEUE_CAPACITY, WhenFull.RUN_ALONE,
                Optional.empty(), Optional.empty(), DEFAULT_MAX_DELAY);
    }
}
