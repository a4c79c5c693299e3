package dev.perfagent.agent.layer.batch.dispatch;

/**
 * The figures of one executor at one moment.
 *
 * @param name         the {@code executor} label: its index in the pool
 * @param batches      batches routed to it (re-runs of a failed batch included)
 * @param items        calls in those batches
 * @param failures     batches that threw on it
 * @param inFlight     batches running on it now
 * @param nanosPerCall EWMA of its service time per call, in nanoseconds; negative before its first batch
 * @param inRotation   false while it is out of rotation after failures, or being probed
 */
public record ExecutorSnapshot(String name, long batches, long items, long failures, int inFlight,
                               double nanosPerCall, boolean inRotation) {
}
