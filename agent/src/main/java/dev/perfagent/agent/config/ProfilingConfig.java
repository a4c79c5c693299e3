package dev.perfagent.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code profiling} section: continuous, windowed sampling of the host at production-safe settings.
 *
 * @param enabled            whether the profiler runs; false when the section is absent, true when present
 * @param cpu                which engine samples CPU
 * @param interval           CPU (and wall-clock) sampling interval; doubled while the overhead is too high
 * @param alloc              whether allocations are sampled
 * @param locks              whether contended locks are recorded
 * @param wall               whether wall-clock time is sampled (async-profiler only; alternate windows)
 * @param ioThreshold        socket and file reads and writes shorter than this are not recorded
 * @param window             how long one profiling window lasts
 * @param maxOverheadPercent the profiler's share of the process's CPU time above which it samples less often
 * @param nativeDir          where to extract the async-profiler library; empty for the default places
 */
public record ProfilingConfig(boolean enabled, Cpu cpu, Duration interval, boolean alloc, boolean locks, boolean wall,
                              Duration ioThreshold, Duration window, double maxOverheadPercent,
                              Optional<Path> nativeDir) {

    /** The CPU sampling engine asked for. */
    public enum Cpu {
        /** async-profiler where it loads (per-thread CPU timers first), else JFR. */
        AUTO,
        /** async-profiler only; JFR still takes over when it cannot load, and status says so. */
        ASYNC_PROFILER,
        /**
         * async-profiler on perf_events first: kernel frames in the stacks, but a perf event per thread costs
         * the host on every context switch (about 7% more CPU per request in the sample service, docs/benchmarks.md).
         */
        PERF_EVENTS,
        /** async-profiler on per-thread CPU timers first (what {@link #AUTO} tries first). */
        CTIMER,
        /** async-profiler on one process-wide setitimer first. */
        ITIMER,
        /** JFR's execution samples: no native library, CPU shares approximate. */
        JFR,
        /** No CPU sampling; the always-on JFR events still flow. */
        OFF
    }

    /** Checks the arguments. */
    public ProfilingConfig {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(ioThreshold, "ioThreshold");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(nativeDir, "nativeDir");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0: " + interval);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be > 0: " + window);
        }
        if (!(maxOverheadPercent > 0 && maxOverheadPercent <= 100)) {
            throw new IllegalArgumentException("maxOverheadPercent must be in (0, 100]: " + maxOverheadPercent);
        }
    }

    /** Off; when turned on: auto engine, 10ms, alloc and locks on, wall off, IO over 10ms, 60s windows, 2%. */
    public static ProfilingConfig defaults() {
        return new ProfilingConfig(false, Cpu.AUTO, Duration.ofMillis(10), true, true, false, Duration.ofMillis(10),
                Duration.ofSeconds(60), 2.0, Optional.empty());
    }
}
