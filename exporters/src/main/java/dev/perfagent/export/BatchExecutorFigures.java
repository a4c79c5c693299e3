package dev.perfagent.export;

/**
 * The live figures of one executor (a model replica) of a batch site with several, labelled {@code
 * executor} in the exported series. A site has few executors (its configured replicas), so the
 * label stays bounded.
 *
 * @param executor the executor's name: its index from 0, in the order it joined
 * @param batches batches routed to it, re-runs of a failed batch included; monotonic
 * @param items calls in those batches; monotonic
 * @param failures batches that threw on it; monotonic
 * @param inFlight batches running on it now
 * @param servicePerCallSeconds EWMA of its service time per call, in seconds; {@code NaN} before
 *     its first batch
 * @param inRotation false while it is out of rotation after failures (or being probed back)
 */
public record BatchExecutorFigures(
    String executor,
    long batches,
    long items,
    long failures,
    int inFlight,
    double servicePerCallSeconds,
    boolean inRotation) {}
