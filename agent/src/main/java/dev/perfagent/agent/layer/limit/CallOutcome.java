package dev.perfagent.agent.layer.limit;

/**
 * What a call that held a permit tells the limiter when it gives the permit back: Netflix concurrency-limits'
 * {@code Limiter.Listener} {@code onSuccess}, {@code onDropped} and {@code onIgnore}.
 */
public enum CallOutcome {
    /** The dependency answered: its RTT is a sample. */
    SUCCEEDED,
    /** The dependency was overloaded (a timeout, an error named in {@code dropped-on}): a sample marked as a drop. */
    DROPPED,
    /** No sample: an ordinary exception, a cache hit, a refusal by a layer further in. */
    IGNORED
}
