package dev.perfagent.agent.profile;

import java.util.Locale;

/** What a set of collapsed stacks counts. Every count is a number of samples (or of recorded events). */
public enum SampleKind {
    /** Threads on CPU (async-profiler cpu/ctimer/itimer, or JFR's ExecutionSample). */
    CPU,
    /** All threads whatever their state (async-profiler's wall clock mode). */
    WALL,
    /** Sampled allocations (JFR's ObjectAllocationSample). */
    ALLOC,
    /** Contended monitor enters over the threshold (JFR's JavaMonitorEnter). */
    LOCK;

    /** Lower-case name for reports: {@code cpu}, {@code wall}, {@code alloc}, {@code lock}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
