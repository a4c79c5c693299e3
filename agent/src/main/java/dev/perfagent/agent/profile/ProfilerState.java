package dev.perfagent.agent.profile;

import java.time.Duration;
import java.time.Instant;

/**
 * What the profiler is doing now, for {@code /status}.
 *
 * @param engine               what samples CPU
 * @param mode                 how
 * @param interval             the sampling interval now in force
 * @param window               the window length
 * @param windows              windows completed
 * @param lastWindowEnd        end of the last completed window, or null
 * @param lastOverheadPercent  the last window's measured overhead, or NaN
 * @param cpuSharesApproximate true when JFR samples CPU
 * @param lastError            the last problem met, or null
 */
public record ProfilerState(ProfilingEngine engine, SamplingMode mode, Duration interval, Duration window,
                            long windows, Instant lastWindowEnd, double lastOverheadPercent,
                            boolean cpuSharesApproximate, String lastError) {
}
