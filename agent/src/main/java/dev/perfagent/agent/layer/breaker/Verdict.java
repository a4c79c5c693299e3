package dev.perfagent.agent.layer.breaker;

/** What one call that reached the dependency tells the breaker. */
enum Verdict {
    /** Counts as a success (slow or not). */
    SUCCESS,
    /** Counts as a failure (slow or not). */
    FAILURE,
    /** Not counted: leaves the window as it was, and gives a half-open permit back. */
    IGNORE
}
