package dev.perfagent.agent.simulate;

import java.util.Objects;

/**
 * One recorded call of a trace.
 *
 * @param offsetNanos  when the call started, in nanoseconds from the start of the trace; at least 0
 * @param latencyNanos how long the call took; at least 0
 * @param outcome      how it ended
 */
public record TraceRecord(long offsetNanos, long latencyNanos, TraceOutcome outcome) {

    /** Checks the arguments. */
    public TraceRecord {
        if (offsetNanos < 0) {
            throw new IllegalArgumentException("offsetNanos must be at least 0: " + offsetNanos);
        }
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latencyNanos must be at least 0: " + latencyNanos);
        }
        Objects.requireNonNull(outcome, "outcome");
    }
}
