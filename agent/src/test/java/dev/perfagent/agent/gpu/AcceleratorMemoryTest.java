package dev.perfagent.agent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.GpuConfig;
import dev.perfagent.agent.layer.batch.DeviceMemoryCap;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.gpu.CudaProbe;
import dev.perfagent.gpu.GpuMode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Memory-aware batching follows the accelerator of the moment and stays off on the CPU. */
class AcceleratorMemoryTest {
    private static final CudaProbe NO_DRIVER = () -> {
        throw new UnsatisfiedLinkError("no jnicudart in java.library.path");
    };

    @Test
    void onTheCpuAcceleratorLearningIsOffAndSaysWhy() throws Exception {
        AtomicReference<AcceleratorRuntime> now = new AtomicReference<>();
        AcceleratorMemory memory = new AcceleratorMemory(now::get);
        assertEquals("gpu telemetry is off", memory.offReason());
        assertEquals(-1, memory.freeBytes());
        assertEquals(10.0, memory.headroomPercent());

        GpuConfig config = new GpuConfig(GpuMode.AUTO, Duration.ofSeconds(1), 25, 1 << 20);
        try (AcceleratorRuntime runtime = AcceleratorRuntime.start(config, NO_DRIVER,
                AgentLog.toStderr(AgentLog.Level.ERROR), task -> {
                    Thread thread = new Thread(task, "perf-agent-gpu-test");
                    thread.setDaemon(true);
                    return thread;
                })) {
            now.set(runtime);
            AcceleratorRuntimeTest.poll(() -> runtime.choice().isPresent(), "accelerator chosen");
            assertEquals("the cpu accelerator reports no device memory for the model", memory.offReason());
            assertEquals(-1, memory.freeBytes(), "the host's free memory is no model's working set");
            assertTrue(memory.totalBytes() > 0, "the CPU's physical memory");
            assertEquals(25.0, memory.headroomPercent());

            DeviceMemoryCap.Figures figures = new DeviceMemoryCap(memory).figures(64);
            assertEquals(memory.offReason(), figures.offReason());
            assertEquals(64, figures.cap());
        }
    }
}
