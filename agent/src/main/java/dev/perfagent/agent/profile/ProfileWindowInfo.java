package dev.perfagent.agent.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one completed profiling window was.
 *
 * @param start                when it started
 * @param end                  when it ended
 * @param engine               what sampled CPU
 * @param mode                 how
 * @param interval             the sampling interval in force during the window
 * @param overheadPercent      the profiler's own CPU time as a share of the process's in this window, in
 *                             percent; NaN when it could not be measured
 * @param cpuSharesApproximate true when CPU samples came from JFR (safepoint-biased, Java frames only)
 */
public record ProfileWindowInfo(Instant start, Instant end, ProfilingEngine engine, SamplingMode mode,
                                Duration interval, double overheadPercent, boolean cpuSharesApproximate) {

    /** Checks the arguments. */
    public ProfileWindowInfo {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
    }
}
