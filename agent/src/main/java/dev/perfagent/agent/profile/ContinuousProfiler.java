package dev.perfagent.agent.profile;

import dev.perfagent.agent.config.ProfilingConfig;
import dev.perfagent.agent.log.AgentLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Profiles the host continuously, in windows of {@code profiling.window}: a {@code perf-agent-profiler}
 * thread starts async-profiler at each window's start (CPU, or wall clock in alternate windows when
 * {@code wall} is on), stops it at the window's end and hands the stacks to the {@link ProfileSink},
 * while a JFR {@link jdk.jfr.consumer.RecordingStream} stays open throughout for GC, CPU load, locks,
 * IO, exceptions and safepoints (and for CPU samples when async-profiler cannot load). After each
 * window it measures its own cost and backs off when over budget ({@link OverheadControl}).
 *
 * <p>Never throws into the host: a failure is logged once, shown in {@link #state()}, and leaves the
 * failed part off. {@link #close()} stops async-profiler and both threads; a closed profiler leaves
 * no thread behind.
 */
public final class ContinuousProfiler implements AutoCloseable {

    /** Thread names whose CPU time counts as profiling overhead: ours, and JFR's own. */
    private static final String THREAD_PREFIX = "perf-agent-profiler";

    private final ProfilingConfig config;
    private final ProfileSink sink;
    private final AgentLog log;
    private final ThreadFactory threads;
    private final ClassLoader resources;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final OverheadControl control;
    private final Thread thread;

    private volatile ProfilerState state;
    private AsyncSampler sampler;
    private AsyncProfilerLog samplerLog;
    private JfrEventStream jfr;
    private SurvivorSampler survivors;
    /** Set once the leak profiler failed to start (logged then): not tried again. */
    private boolean survivorsFailed;
    private boolean backOffLogged;

    private ContinuousProfiler(ProfilingConfig config, ProfileSink sink, AgentLog log, ThreadFactory threads,
                               ClassLoader resources) {
        this.config = config;
        this.sink = sink;
        this.log = log;
        this.threads = threads;
        this.resources = resources;
        this.control = new OverheadControl(config.interval(), config.maxOverheadPercent());
        this.state = new ProfilerState(ProfilingEngine.OFF, SamplingMode.NONE, config.interval(), config.window(),
                0, null, Double.NaN, false, null);
        this.thread = threads.newThread(this::run);
    }

    /**
     * Starts profiling on a new thread from {@code threads} (which must name its threads
     * {@code perf-agent-profiler...}, so their CPU time is counted as overhead).
     *
     * @param resources the class loader the async-profiler library is read from
     */
    public static ContinuousProfiler start(ProfilingConfig config, ProfileSink sink, AgentLog log,
                                           ThreadFactory threads, ClassLoader resources) {
        ContinuousProfiler profiler = new ContinuousProfiler(config, sink, log, threads, resources);
        profiler.thread.start();
        return profiler;
    }

    /** The profiler's state now. */
    public ProfilerState state() {
        return state;
    }

    private void run() {
        try {
            chooseEngine();
            if (stop.getCount() == 0) {
                return;
            }
            ProfilerState s = state;
            jfr = new JfrEventStream(config.ioThreshold(),
                    config.alloc() ? JfrEventStream.allocationRate(config.window()) : 0, config.locks(),
                    s.engine() == ProfilingEngine.JFR ? s.interval() : null, sink::onJfrEvent, threads, log);
            windows();
        } catch (Throwable t) {
            log.error("profiling stopped: " + t);
            state = withError(state, "profiling stopped: " + t);
        } finally {
            if (sampler != null) {
                sampler.abandon();
            }
            if (samplerLog != null) {
                forwardSamplerLog();
                samplerLog.delete();
            }
            if (jfr != null) {
                jfr.close();
            }
            if (survivors != null) {
                survivors.close();
            }
        }
    }

    /** Loads async-profiler when asked for and possible, else settles on JFR (or nothing). */
    private void chooseEngine() {
        ProfilingConfig.Cpu cpu = config.cpu();
        if (cpu == ProfilingConfig.Cpu.OFF) {
            state = new ProfilerState(ProfilingEngine.OFF, SamplingMode.NONE, config.interval(), config.window(),
                    0, null, Double.NaN, false, null);
            return;
        }
        String problem = null;
        if (cpu != ProfilingConfig.Cpu.JFR) {
            List<Path> dirs = config.nativeDir().map(List::of).orElseGet(AsyncProfilerLoader::defaultDirectories);
            AsyncProfilerLoader.Outcome outcome = new AsyncProfilerLoader(resources).load(dirs);
            if (outcome.loaded()) {
                samplerLog = AsyncProfilerLog.besides(outcome.library());
                sampler = new AsyncSampler(outcome.profiler(), preferredMode(cpu), samplerLog);
                log.debug("async-profiler loaded from " + outcome.library());
                state = new ProfilerState(ProfilingEngine.ASYNC_PROFILER, SamplingMode.NONE, config.interval(),
                        config.window(), 0, null, Double.NaN, false, null);
                return;
            }
            problem = outcome.problem() + "; CPU sampling falls back to JFR";
            log.warn(problem);
        } else if (config.wall()) {
            log.warn("profiling.wall needs async-profiler (profiling.cpu is jfr): no wall-clock samples");
        }
        state = new ProfilerState(ProfilingEngine.JFR, SamplingMode.JFR, config.interval(), config.window(), 0,
                null, Double.NaN, true, problem);
    }

    /** The async-profiler mode {@code profiling.cpu} asks for first. */
    private static SamplingMode preferredMode(ProfilingConfig.Cpu cpu) {
        switch (cpu) {
            case PERF_EVENTS:
                return SamplingMode.PERF_EVENTS;
            case ITIMER:
                return SamplingMode.ITIMER;
            default:
                return SamplingMode.CTIMER;
        }
    }

    private void windows() throws InterruptedException {
        OverheadMeter meter = new OverheadMeter(name -> name.startsWith(THREAD_PREFIX) || name.startsWith("JFR "));
        boolean measured = meter.supported();
        meter.begin();
        long n = 0;
        while (stop.getCount() > 0) {
            Instant start = Instant.now();
            SampleKind asyncKind = startAsync(n);
            if (n == 0) {
                ProfilerState first = state;
                log.info("profiling: engine " + first.engine().key() + ", mode " + first.mode().key() + ", interval "
                        + first.interval().toMillis() + "ms, windows of " + config.window().toSeconds() + "s"
                        + (first.cpuSharesApproximate()
                                ? " (CPU shares approximate: JFR samples Java code at safepoint-biased points)" : ""));
            }
            call(() -> sink.windowStarted(start));
            if (stop.await(config.window().toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            ProfilerState s = state;
            if (asyncKind != null) {
                String stacks = stopAsync();
                if (stacks != null) {
                    call(() -> sink.onCollapsedStacks(asyncKind, stacks));
                }
            }
            if (s.engine() == ProfilingEngine.JFR) {
                String cpu = jfr.drain(SampleKind.CPU);
                call(() -> sink.onCollapsedStacks(SampleKind.CPU, cpu));
            }
            if (config.alloc()) {
                String alloc = jfr.drain(SampleKind.ALLOC);
                call(() -> sink.onCollapsedStacks(SampleKind.ALLOC, alloc));
            }
            if (survivors != null) {
                for (RecordedEvent survivor : survivors.survivors()) {
                    call(() -> sink.onJfrEvent(survivor));
                }
            }
            if (config.locks()) {
                String lock = jfr.drain(SampleKind.LOCK);
                call(() -> sink.onCollapsedStacks(SampleKind.LOCK, lock));
            }
            OverheadMeter.WindowCost cost = meter.next();
            double percent = measured ? cost.percent() : Double.NaN;
            ProfileWindowInfo info = new ProfileWindowInfo(start, Instant.now(), s.engine(), s.mode(), s.interval(),
                    percent, s.cpuSharesApproximate());
            n++;
            // The first window carries JFR's and async-profiler's start-up: published, but not acted on.
            Duration next = measured && n > 1 ? adjust(s.interval(), cost) : s.interval();
            state = new ProfilerState(s.engine(), s.mode(), next, s.window(), n, info.end(), percent,
                    s.cpuSharesApproximate(), s.lastError());
            call(() -> sink.windowEnded(info));
            watchSurvivors();
        }
    }

    /**
     * Runs JFR's leak profiler while the sink asks for it (a leak suspected) and allocations are sampled:
     * it takes a stack trace at allocations on the host's threads, a cost not worth paying for a steady heap.
     */
    private void watchSurvivors() {
        boolean wanted = false;
        try {
            wanted = config.alloc() && sink.wantsSurvivors();
        } catch (Throwable t) {
            log.rateLimited(AgentLog.Level.WARN, "profiler-sink", "profile sink failed: " + t);
        }
        if (wanted && survivors == null && !survivorsFailed) {
            survivors = SurvivorSampler.start(log);
            survivorsFailed = survivors == null;
            if (survivors != null) {
                log.info("profiling: the heap after GC grows as a leak would; JFR's leak profiler watches which"
                        + " objects stay");
            }
        } else if (!wanted && survivors != null) {
            survivors.close();
            survivors = null;
            log.debug("profiling: no leak suspected any more; JFR's leak profiler stopped");
        }
    }

    /** Starts async-profiler for window {@code n}; returns what it samples, or null when it does not run. */
    private SampleKind startAsync(long n) {
        ProfilerState s = state;
        if (s.engine() != ProfilingEngine.ASYNC_PROFILER) {
            return null;
        }
        SampleKind kind = config.wall() && n % 2 == 1 ? SampleKind.WALL : SampleKind.CPU;
        try {
            sampler.start(kind, s.interval());
            if (kind == SampleKind.CPU && s.mode() != sampler.mode()) {
                state = new ProfilerState(s.engine(), sampler.mode(), s.interval(), s.window(), s.windows(),
                        s.lastWindowEnd(), s.lastOverheadPercent(), false, s.lastError());
            }
            return kind;
        } catch (RuntimeException e) {
            String problem = "async-profiler did not start (" + kind.key() + "): " + e.getMessage();
            log.rateLimited(AgentLog.Level.WARN, "profiler-start", problem);
            state = withError(state, problem);
            return null;
        }
    }

    private String stopAsync() {
        try {
            return sampler.stop();
        } catch (RuntimeException e) {
            String problem = "async-profiler did not stop cleanly: " + e;
            log.rateLimited(AgentLog.Level.WARN, "profiler-stop", problem);
            state = withError(state, problem);
            return null;
        } finally {
            forwardSamplerLog();
        }
    }

    /** async-profiler's new messages, each once, into the agent's log (its own go to a file, not stdout). */
    private void forwardSamplerLog() {
        if (samplerLog != null) {
            for (String line : samplerLog.fresh()) {
                log.info("async-profiler: " + line);
            }
        }
    }

    /** Backs off or steps down the interval after a window; logs the first back-off at info. */
    private Duration adjust(Duration current, OverheadMeter.WindowCost cost) {
        OverheadControl.Step step = control.next(current, cost);
        if (step.direction() == OverheadControl.Direction.HOLD) {
            return current;
        }
        String message = String.format(java.util.Locale.ROOT,
                "profiling cost %.2f%% of the process's CPU (limit %.2f%%): sampling interval %dms -> %dms",
                cost.percent(), config.maxOverheadPercent(), current.toMillis(), step.interval().toMillis());
        if (step.direction() == OverheadControl.Direction.BACK_OFF && !backOffLogged) {
            backOffLogged = true;
            log.info(message + " (further changes are logged at debug)");
        } else {
            log.debug(message);
        }
        if (state.engine() == ProfilingEngine.JFR) {
            try {
                jfr.executionSamples(step.interval());
            } catch (RuntimeException e) {
                log.rateLimited(AgentLog.Level.WARN, "profiler-jfr-period", "cannot change JFR's sampling period: " + e);
                return current;
            }
        }
        return step.interval();
    }

    private void call(Runnable sinkCall) {
        try {
            sinkCall.run();
        } catch (Throwable t) {
            log.rateLimited(AgentLog.Level.WARN, "profiler-sink", "profile sink failed: " + t);
        }
    }

    private static ProfilerState withError(ProfilerState s, String error) {
        return new ProfilerState(s.engine(), s.mode(), s.interval(), s.window(), s.windows(), s.lastWindowEnd(),
                s.lastOverheadPercent(), s.cpuSharesApproximate(), error);
    }

    /** Stops async-profiler, closes the JFR stream and waits for the profiler's threads to end. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("profiler thread did not stop within 10s");
        }
    }
}
