package dev.perfagent.agent.advise.sites;

/**
 * A batch layer's figures over the window: counts and summed times are differences over the window, the
 * rest the layer's state at its end.
 *
 * @param batches calls of the batch form
 * @param items calls that went through a batch
 * @param maxSize the configured largest batch
 * @param delaySeconds how long the batcher waits for more calls now (the controller's, or the fixed one)
 * @param cap the largest batch the policy lets form now
 * @param replicas executors batches are routed among ({@code batch.executors.replicas}; 1 without replicas)
 * @param queueWaitNanos the time calls spent in the queue before their batch started, summed
 * @param serviceNanos the time batches spent in the batch form, summed
 * @param stagingNanos of that, the time spent staging inputs (copying calls' data into the merged batch)
 * @param outOfMemories batches that failed because the device or heap ran out of memory (each halved the cap)
 * @param memoryCap the cap device memory sets (learnt, or left by out-of-memory failures); 0 for none
 * @param memoryPerItemBytes device memory per item as memory-aware batching learnt it; NaN unknown
 * @param costFixedNanos the fixed cost {@code a} of the fitted batch cost {@code a + b·n}; NaN unknown
 * @param costPerItemNanos its cost per item {@code b}; NaN unknown
 */
public record BatchFigures(long batches, long items, int maxSize, double delaySeconds, int cap, int replicas,
                           long queueWaitNanos, long serviceNanos, long stagingNanos, long outOfMemories,
                           int memoryCap, double memoryPerItemBytes, double costFixedNanos,
                           double costPerItemNanos) {

    /** The figures the layer had before it measured time and memory: the cap at max-size, one executor. */
    public BatchFigures(long batches, long items, int maxSize, double delaySeconds) {
        this(batches, items, maxSize, delaySeconds, maxSize, 1, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Items per batch, 0 without batches. */
    public double meanBatchSize() {
        return batches == 0 ? 0 : (double) items / batches;
    }

    /** Calls waiting in the queue on average over a window of {@code lengthNanos} (Little's law). */
    public double meanQueued(long lengthNanos) {
        return lengthNanos <= 0 ? 0 : (double) queueWaitNanos / lengthNanos;
    }

    /** The share of batch time spent staging inputs, 0 without batch time. */
    public double stagingShare() {
        return serviceNanos <= 0 ? 0 : Math.min(1, (double) stagingNanos / serviceNanos);
    }
}
