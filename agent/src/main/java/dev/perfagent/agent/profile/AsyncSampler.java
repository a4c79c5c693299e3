package dev.perfagent.agent.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import one.profiler.AsyncProfiler;

/**
 * Drives a loaded async-profiler one window at a time: start with one event, stop, dump the stacks in
 * {@code collapsed} form. async-profiler's collapsed output holds one event per session, so CPU and
 * wall-clock windows take turns and allocations and locks come from JFR.
 *
 * <p>The CPU mode is chosen at the first start: the preferred one, else the others in the order {@code ctimer},
 * perf_events (only where the kernel allows them: async-profiler lists perf events only then), {@code itimer}.
 * {@code ctimer} comes first because it costs the host nothing measurable, where perf_events added about 7% CPU
 * per request to the sample service (a perf event per thread, switched at every context switch;
 * docs/benchmarks.md). Every command names the {@link AsyncProfilerLog} (or turns async-profiler's messages off),
 * so none reaches the host's standard output. Used by one thread at a time.
 */
final class AsyncSampler {

    private final AsyncProfiler profiler;
    private final SamplingMode preferred;
    /** {@code log=FILE}, or {@code loglevel=none} where there is no log file. */
    private final String logOption;
    private SamplingMode mode;
    private boolean running;

    /**
     * @param preferred the CPU mode tried first (perf_events, ctimer or itimer)
     * @param log       where async-profiler writes its messages; null: it writes none
     */
    AsyncSampler(AsyncProfiler profiler, SamplingMode preferred, AsyncProfilerLog log) {
        this.profiler = profiler;
        this.preferred = preferred;
        this.logOption = log != null ? log.option() : "loglevel=none";
    }

    /** The CPU mode chosen, or null before the first successful CPU start. */
    SamplingMode mode() {
        return mode;
    }

    /**
     * Starts sampling {@code kind} (CPU or WALL) at {@code interval}; the first CPU start chooses the mode.
     *
     * @throws IllegalStateException with every mode's refusal when none starts
     */
    void start(SampleKind kind, Duration interval) {
        if (kind == SampleKind.WALL) {
            execute("start,event=wall,interval=" + interval.toNanos());
            running = true;
            return;
        }
        if (mode != null) {
            execute("start,event=" + mode.asyncEvent() + ",interval=" + interval.toNanos());
            running = true;
            return;
        }
        List<String> refusals = new ArrayList<>();
        for (SamplingMode candidate : candidates()) {
            try {
                execute("start,event=" + candidate.asyncEvent() + ",interval=" + interval.toNanos());
                mode = candidate;
                running = true;
                return;
            } catch (RuntimeException e) {
                refusals.add(candidate.key() + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("async-profiler refused every CPU mode (" + String.join("; ", refusals) + ")");
    }

    /** Stops sampling and returns the window's stacks; empty text when nothing was running. */
    String stop() {
        if (!running) {
            return "";
        }
        running = false;
        profiler.stop();
        // What dumpCollapsed(Counter.SAMPLES) sends, with the log option: each command reopens async-profiler's log.
        return execute("collapsed,samples");
    }

    /** Stops sampling if it runs, dropping the stacks (on detach). */
    void abandon() {
        if (running) {
            running = false;
            try {
                profiler.stop();
            } catch (IllegalStateException alreadyStopped) {
                // Nothing to stop.
            }
        }
    }

    /** The preferred mode, then the rest in the default order; perf_events only when async-profiler sees them. */
    private List<SamplingMode> candidates() {
        List<SamplingMode> modes = new ArrayList<>(List.of(SamplingMode.CTIMER, SamplingMode.PERF_EVENTS,
                SamplingMode.ITIMER));
        if (modes.remove(preferred)) {
            modes.add(0, preferred);
        }
        String events;
        try {
            events = execute("list");
        } catch (Exception e) {
            events = "";
        }
        if (!events.contains("Perf events:")) {
            modes.remove(SamplingMode.PERF_EVENTS);
        }
        return modes;
    }

    private String execute(String command) {
        try {
            return profiler.execute(command + "," + logOption);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
