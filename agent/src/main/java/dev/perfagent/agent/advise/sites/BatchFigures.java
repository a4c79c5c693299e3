package dev.perfagent.agent.advise.sites;

/**
 * A batch layer's figures over the window.
 *
 * @param batches calls of the batch form
 * @param items calls that went through a batch
 * @param maxSize the configured largest batch
 * @param delaySeconds how long the batcher waits for more calls now (the controller's, or the fixed one)
 */
public record BatchFigures(long batches, long items, int maxSize, double delaySeconds) {
    /** Items per batch, 0 without batches. */
    public double meanBatchSize() {
        return batches == 0 ? 0 : (double) items / batches;
    }
}
