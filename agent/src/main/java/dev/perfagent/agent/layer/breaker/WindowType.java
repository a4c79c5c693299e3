package dev.perfagent.agent.layer.breaker;

/** How a closed breaker's sliding window is bounded. */
public enum WindowType {
    /** The last N calls. */
    COUNT,
    /** The calls that ended in the last D of time (in buckets of D/100, at most 1 s). */
    TIME
}
