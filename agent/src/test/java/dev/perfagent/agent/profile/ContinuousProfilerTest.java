package dev.perfagent.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.ProfilingConfig;
import dev.perfagent.agent.log.AgentLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real engines on this machine: async-profiler in-process, and JFR. */
class ContinuousProfilerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String METHOD = "dev/perfagent/agent/profile/BusyThread.burnCpuInProfiledMethod";
    private final AgentLog log = AgentLog.toStderr(AgentLog.Level.DEBUG);
    private final AtomicInteger threadCount = new AtomicInteger();
    private final ThreadFactory threads = task -> {
        Thread t = new Thread(task, "perf-agent-profiler-test-" + threadCount.incrementAndGet());
        t.setDaemon(true);
        return t;
    };

    private static ProfilingConfig config(ProfilingConfig.Cpu cpu, Optional<Path> nativeDir) {
        return new ProfilingConfig(true, cpu, Duration.ofMillis(10), true, true, false, Duration.ofMillis(10),
                Duration.ofSeconds(2), 2.0, nativeDir);
    }

    @Test
    void asyncProfilerWindowsShowTheBusyMethodAndJfrEventsFlow(@TempDir Path dir) throws Exception {
        RecordingSink sink = new RecordingSink();
        try (BusyThread busy = new BusyThread();
             ContinuousProfiler profiler = ContinuousProfiler.start(
                     config(ProfilingConfig.Cpu.AUTO, Optional.of(dir.resolve("native"))), sink, log, threads,
                     getClass().getClassLoader())) {
            Eventually.until("two windows", WAIT, () -> sink.ends.size() >= 2);
            ProfilerState state = profiler.state();
            assertEquals(ProfilingEngine.ASYNC_PROFILER, state.engine(), String.valueOf(state.lastError()));
            // auto: per-thread CPU timers first (perf_events cost the host more).
            assertEquals(SamplingMode.CTIMER, state.mode());
            assertFalse(state.cpuSharesApproximate());
            assertTrue(state.windows() >= 2);
            ProfileWindowInfo first = sink.ends.get(0);
            assertEquals(ProfilingEngine.ASYNC_PROFILER, first.engine());
            assertTrue(first.end().isAfter(first.start()));
            assertTrue(first.overheadPercent() >= 0, "overhead " + first.overheadPercent());
            assertTrue(sink.starts.size() >= 2);

            String cpu = sink.allStacks(SampleKind.CPU);
            assertTrue(cpu.contains(METHOD), "CPU stacks:\n" + cpu);
            // Root first: the thread's run method comes before the busy method on its line.
            String line = Arrays.stream(cpu.split("\n")).filter(l -> l.contains(METHOD)).findFirst().orElseThrow();
            assertTrue(line.indexOf("BusyThread.spin") < line.indexOf(METHOD), line);
            assertTrue(CollapsedText.totalSamples(cpu) > 0);

            Eventually.until("JFR events", WAIT, () -> sink.events("jdk.CPULoad") > 0
                    && sink.events("jdk.ObjectAllocationSample") > 0, () -> "events: " + sink.events);
            assertTrue(sink.stacks.containsKey(SampleKind.ALLOC));
            assertEquals(0, sink.events("jdk.ExecutionSample"), "async-profiler samples CPU, not JFR");
        }
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("perf-agent-profiler-test")).count(), "profiler threads left");
    }

    @Test
    void perfEventsAreUsedWhenAskedForAndTheKernelAllowsThem(@TempDir Path dir) throws Exception {
        try (ContinuousProfiler profiler = ContinuousProfiler.start(
                config(ProfilingConfig.Cpu.PERF_EVENTS, Optional.of(dir.resolve("native"))), new RecordingSink(), log,
                threads, getClass().getClassLoader())) {
            Eventually.until("a CPU mode", WAIT, () -> profiler.state().mode() != SamplingMode.NONE);
            // Root on this machine: perf_events are allowed.
            assertEquals(SamplingMode.PERF_EVENTS, profiler.state().mode(), String.valueOf(profiler.state()));
        }
    }

    @Test
    void jfrFallbackDeliversExecutionSamplesAndSaysSharesAreApproximate() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (BusyThread busy = new BusyThread();
             ContinuousProfiler profiler = ContinuousProfiler.start(config(ProfilingConfig.Cpu.JFR, Optional.empty()),
                     sink, log, threads, getClass().getClassLoader())) {
            Eventually.until("execution samples", WAIT, () -> sink.events("jdk.ExecutionSample") > 0);
            Eventually.until("a window", WAIT, () -> !sink.ends.isEmpty());
            ProfilerState state = profiler.state();
            assertEquals(ProfilingEngine.JFR, state.engine());
            assertEquals(SamplingMode.JFR, state.mode());
            assertTrue(state.cpuSharesApproximate());
            assertNull(state.lastError());
            assertTrue(sink.ends.get(0).cpuSharesApproximate());
            Eventually.until("the busy method in JFR's CPU stacks", WAIT,
                    () -> sink.allStacks(SampleKind.CPU).contains(METHOD));
        }
    }

    @Test
    void anUnusableNativeDirFallsBackToJfrWithTheReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        RecordingSink sink = new RecordingSink();
        try (ContinuousProfiler profiler = ContinuousProfiler.start(
                config(ProfilingConfig.Cpu.ASYNC_PROFILER, Optional.of(file)), sink, log, threads,
                getClass().getClassLoader())) {
            Eventually.until("a window", WAIT, () -> !sink.ends.isEmpty());
            ProfilerState state = profiler.state();
            assertEquals(ProfilingEngine.JFR, state.engine());
            assertTrue(state.cpuSharesApproximate());
            assertTrue(state.lastError().contains(file.toString()), state.lastError());
            assertTrue(state.lastError().endsWith("CPU sampling falls back to JFR"), state.lastError());
        }
    }

    @Test
    void aFailingSinkNeverStopsTheProfiler() throws Exception {
        RecordingSink recorded = new RecordingSink();
        ProfileSink failing = new ProfileSink() {
            @Override
            public void windowStarted(java.time.Instant start) {
                throw new IllegalStateException("sink broken");
            }

            @Override
            public void onJfrEvent(jdk.jfr.consumer.RecordedEvent event) {
                throw new IllegalStateException("sink broken");
            }

            @Override
            public void onCollapsedStacks(SampleKind kind, String collapsedText) {
                throw new IllegalStateException("sink broken");
            }

            @Override
            public void windowEnded(ProfileWindowInfo info) {
                recorded.windowEnded(info);
                throw new IllegalStateException("sink broken");
            }
        };
        try (ContinuousProfiler profiler = ContinuousProfiler.start(config(ProfilingConfig.Cpu.JFR, Optional.empty()),
                failing, log, threads, getClass().getClassLoader())) {
            Eventually.until("two windows", WAIT, () -> recorded.ends.size() >= 2);
            assertEquals(2, Math.min(2, profiler.state().windows()));
        }
    }
}
