package dev.perfagent.agent.layer.batch;

/** What a call does when the batch queue is full, or when the policy sheds it. */
public enum WhenFull {
    /** Run the original method alone, on the caller's thread: never worse than no agent (the default). */
    RUN_ALONE,
    /** Throw {@link dev.perfagent.CallRejectedException}. */
    REJECT,
    /** Wait for room in the queue, up to the call's timeout. */
    BLOCK
}
