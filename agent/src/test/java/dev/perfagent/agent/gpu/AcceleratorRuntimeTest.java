package dev.perfagent.agent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.GpuConfig;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.jfr.GpuTelemetryEvent;
import dev.perfagent.export.report.GpuStatus;
import dev.perfagent.gpu.AcceleratorUnavailableException;
import dev.perfagent.gpu.CudaProbe;
import dev.perfagent.gpu.GpuMode;
import dev.perfagent.gpu.StagingBuffer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceleratorRuntimeTest {

    /** Fails as JavaCPP's Loader does on a host without the JNI library's dependencies. */
    private static final CudaProbe NO_DRIVER = () -> {
        throw new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
    };

    private final AtomicInteger threadsMade = new AtomicInteger();
    private final ThreadFactory threads = task -> {
        threadsMade.incrementAndGet();
        Thread thread = new Thread(task, "perf-agent-gpu-test");
        thread.setDaemon(true);
        return thread;
    };

    private static GpuConfig config(GpuMode mode, Duration period) {
        return new GpuConfig(mode, period, 10, 1 << 20);
    }

    @Test
    void autoWithoutCudaEndsOnTheCpuWithOneLogLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("agent.log");
        AgentLog log = AgentLog.toFile(AgentLog.Level.DEBUG, logFile);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AcceleratorRuntime runtime = AcceleratorRuntime.start(config(GpuMode.AUTO, Duration.ofSeconds(1)),
                NO_DRIVER, log, threads)) {
            runtime.registerGauges(meters); // before the choice: added once the devices are known
            poll(() -> runtime.choice().isPresent(), "a choice");
            assertEquals("cpu", runtime.choice().get().accelerator().kind());
            GpuStatus status = runtime.status();
            assertEquals("auto", status.mode());
            assertEquals("cpu", status.accelerator());
            assertEquals("no CUDA (UnsatisfiedLinkError: no jnicudart in java.library.path: /usr/lib): the CPU instead",
                    status.reason());
            assertEquals(1, status.devices().size());
            assertEquals(Runtime.getRuntime().availableProcessors(), status.devices().get(0).cores());
            assertEquals("direct", status.stagingPool().memory());
            assertEquals(1, runtime.readings().size());
            assertTrue(runtime.readings().get(0).memoryUsedBytes() > 0);

            Gauge used = meters.find("perfagent.gpu.memory.used.bytes").tag("kind", "cpu").tag("index", "0").gauge();
            assertNotNull(used, meters.getMetersAsString());
            assertTrue(used.value() > 0);
            assertNotNull(meters.find("perfagent.gpu.utilization.ratio").gauge());
            assertNotNull(meters.find("perfagent.gpu.process.utilization.ratio").tag("kind", "cpu").gauge(),
                    meters.getMetersAsString());
            assertNotNull(meters.find("perfagent.gpu.memory.total.bytes").gauge());
            assertNull(meters.find("perfagent.gpu.temperature.celsius").gauge(), "the CPU reports no temperature");
            assertNull(meters.find("perfagent.gpu.power.watts").gauge());
        }
        log.close();
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        List<String> gpuLines = lines.stream().filter(l -> l.contains("gpu:")).collect(Collectors.toList());
        assertEquals(1, gpuLines.size(), lines.toString());
        assertTrue(gpuLines.get(0).contains("INFO"), gpuLines.get(0));
        assertTrue(gpuLines.get(0).contains(
                "gpu: no CUDA (UnsatisfiedLinkError: no jnicudart in java.library.path: /usr/lib): the CPU instead;"
                        + " cpu0: "), gpuLines.get(0));
        assertFalse(lines.stream().anyMatch(l -> l.trim().startsWith("at ") || l.contains("Exception")),
                lines.toString());
    }

    @Test
    void cudaAskedForButMissingIsAnError(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("agent.log");
        AgentLog log = AgentLog.toFile(AgentLog.Level.INFO, logFile);
        try (AcceleratorRuntime runtime = AcceleratorRuntime.start(config(GpuMode.CUDA, Duration.ofSeconds(1)),
                () -> {
                    throw new AcceleratorUnavailableException("no CUDA device (driver for CUDA 13.0)");
                }, log, threads)) {
            poll(() -> runtime.choice().isPresent(), "a choice");
            assertTrue(runtime.choice().get().fellBack());
        }
        log.close();
        String text = Files.readString(logFile);
        assertTrue(text.contains("ERROR") && text.contains("no CUDA device (driver for CUDA 13.0)")
                && text.contains("(gpu.mode is cuda)"), text);
    }

    @Test
    void offNeverCallsTheProbe() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (AcceleratorRuntime runtime = AcceleratorRuntime.start(config(GpuMode.OFF, Duration.ofSeconds(1)), () -> {
            calls.incrementAndGet();
            throw new AssertionError();
        }, AgentLog.toStderr(AgentLog.Level.ERROR), threads)) {
            poll(() -> runtime.choice().isPresent(), "a choice");
            assertEquals("off", runtime.status().mode());
            assertEquals("cpu", runtime.status().accelerator());
        }
        assertEquals(0, calls.get());
    }

    @Test
    void emitsOneJfrEventPerDeviceEveryPeriod(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gpu.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(GpuTelemetryEvent.NAME);
            recording.start();
            try (AcceleratorRuntime runtime = AcceleratorRuntime.start(config(GpuMode.AUTO, Duration.ofMillis(100)),
                    NO_DRIVER, AgentLog.toStderr(AgentLog.Level.ERROR), threads)) {
                poll(() -> runtime.choice().isPresent(), "a choice");
                Path probe = dir.resolve("probe.jfr");
                poll(() -> count(recording, probe) >= 3, "three telemetry events");
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(GpuTelemetryEvent.NAME)).collect(Collectors.toList());
        RecordedEvent event = events.get(0);
        assertEquals("cpu", event.getString("kind"));
        assertTrue(event.getLong("memoryTotal") > 0);
        assertTrue(event.getLong("memoryUsed") > 0);
    }

    @Test
    void closeStopsTheThreadAndFreesThePool() throws Exception {
        AcceleratorRuntime runtime = AcceleratorRuntime.start(config(GpuMode.AUTO, Duration.ofMillis(100)), NO_DRIVER,
                AgentLog.toStderr(AgentLog.Level.ERROR), threads);
        poll(() -> runtime.stagingPool().isPresent() && runtime.choice().isPresent(), "a choice");
        try (StagingBuffer lent = runtime.stagingPool().get().acquire(10_000)) {
            assertTrue(lent.pooled());
        }
        assertEquals(16_384, runtime.stagingPool().get().stats().allocatedBytes());
        runtime.close();
        assertEquals(0, runtime.stagingPool().get().stats().allocatedBytes());
        // The executor counts as terminated while its last worker thread is still on its way out: poll.
        poll(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("perf-agent-gpu-test")), "end of the gpu thread");
        assertEquals(1, threadsMade.get());
    }

    @Test
    void lendsUnpooledBuffersBeforeTheChoiceAndPooledOnesAfter() throws Exception {
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CudaProbe slow = () -> {
            probing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AcceleratorUnavailableException("no CUDA device");
        };
        try (AcceleratorRuntime runtime = AcceleratorRuntime.start(config(GpuMode.AUTO, Duration.ofSeconds(1)), slow,
                AgentLog.toStderr(AgentLog.Level.ERROR), threads)) {
            assertTrue(probing.await(10, TimeUnit.SECONDS));
            try (StagingBuffer early = runtime.acquire(10_000)) {
                assertFalse(early.pooled(), "no pool while the accelerator is chosen");
                assertEquals(10_000, early.buffer().limit());
                assertTrue(early.buffer().isDirect());
            }
            release.countDown();
            poll(() -> runtime.status().stagingPool() != null, "a pool");
            try (StagingBuffer later = runtime.acquire(10_000)) {
                assertTrue(later.pooled());
            }
            GpuStatus.StagingPoolStatus pool = runtime.status().stagingPool();
            assertEquals(1, pool.unpooledBeforeChoice());
            assertEquals(1, pool.allocations());
            assertEquals(0, pool.overflows());
        }
    }

    @Test
    void aBufferLentAtCloseIsFreedWhenItComesBackAndNothingIsPooledAfter() throws Exception {
        AcceleratorRuntime runtime = AcceleratorRuntime.start(config(GpuMode.OFF, Duration.ofSeconds(1)), NO_DRIVER,
                AgentLog.toStderr(AgentLog.Level.ERROR), threads);
        poll(() -> runtime.stagingPool().isPresent(), "a pool");
        StagingBuffer inFlight = runtime.acquire(10_000);
        runtime.acquire(100).close();
        runtime.close();
        assertEquals(16_384, runtime.status().stagingPool().allocatedBytes(), "the batch in flight keeps its buffer");
        inFlight.close();
        GpuStatus.StagingPoolStatus pool = runtime.status().stagingPool();
        assertEquals(0, pool.allocatedBytes(), "freed when it came back, not pooled again");
        assertEquals(0, pool.idleBuffers());
        try (StagingBuffer afterClose = runtime.acquire(100)) {
            assertFalse(afterClose.pooled(), "a batch after detach still gets a buffer");
        }
        assertEquals(1, runtime.status().stagingPool().overflows());
    }

    private static long count(Recording recording, Path file) {
        try {
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(GpuTelemetryEvent.NAME)).count();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Waits up to 10 s for {@code condition}; fails naming {@code what} otherwise. */
    static void poll(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
