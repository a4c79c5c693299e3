package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Memory-aware batching through the batch execution: a fake device whose free memory drops by a fixed amount
 * per item while a batch runs teaches the site its memory per item, and the controller's cap follows.
 */
class DeviceMemoryCapTest {
    private static final long MIB = 1L << 20;

    /** A device of 1000 MiB with 200 in use; a running batch takes 4 MiB plus 8 MiB per item. */
    private static final class FakeDevice implements DeviceMemory {
        String off;
        long taken;
        int freeReads;

        @Override
        public String offReason() {
            return off;
        }

        @Override
        public long freeBytes() {
            freeReads++;
            return (1000 - 200) * MIB - taken;
        }

        @Override
        public long totalBytes() {
            return 1000 * MIB;
        }

        @Override
        public double headroomPercent() {
            return 10;
        }
    }

    private final FakeDevice device = new FakeDevice();
    private final BatchSettings settings = new BatchSettings(128, 1, 256, WhenFull.RUN_ALONE, Optional.empty(),
            Optional.empty(), Duration.ZERO);
    private final BatchController controller = new BatchController(settings, () -> 0L);
    private final BatchStats stats = new BatchStats(128);
    /** Every batch measured: the tests count readings and batches one for one. */
    private final DeviceMemoryCap memory = new DeviceMemoryCap(device, 0);
    private final BatchExecution execution = new BatchExecution("score", this::run, controller, stats, () -> 0L,
            false, 128, memory);

    private List<Object> run(List<Object[]> calls) {
        device.taken = 4 * MIB + 8 * MIB * calls.size();
        List<Object> out = new ArrayList<>();
        for (Object[] call : calls) {
            out.add(call[0]);
        }
        return out;
    }

    private void batchOf(int size) {
        List<BatchRequest> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            BatchRequest request = new BatchRequest(new Object[] {i}, 0, Long.MAX_VALUE, Thread.currentThread());
            assertTrue(request.take());
            batch.add(request);
        }
        execution.run(batch);
        device.taken = 0;   // the batch released its memory
    }

    @Test
    void learnsTheMemoryPerItemAndCapsBatchesUnderTheHeadroom() {
        for (int round = 0; round < 4; round++) {
            for (int size : new int[] {2, 4, 8}) {
                batchOf(size);
            }
        }
        DeviceMemoryCap.Figures figures = memory.figures(128);
        assertNull(figures.offReason());
        assertEquals(8.0 * MIB, figures.bytesPerItem(), 1.0);
        // 900 MiB allowed, 200 in use and 4 fixed: (900 - 204) / 8 = 87 items.
        assertEquals(87, figures.cap());
        assertEquals(87, controller.cap());
    }

    @Test
    void measuresAtMostOneBatchPerIntervalSoEveryCallDoesNotPayTheDriver() {
        DeviceMemoryCap throttled = new DeviceMemoryCap(device, 60_000_000_000L);
        BatchExecution measured = new BatchExecution("score", this::run, controller, stats, () -> 0L, false, 128,
                throttled);
        for (int i = 0; i < 50; i++) {
            List<BatchRequest> batch = new ArrayList<>();
            BatchRequest request = new BatchRequest(new Object[] {i}, 0, Long.MAX_VALUE, Thread.currentThread());
            assertTrue(request.take());
            batch.add(request);
            measured.run(batch);
        }
        // The first batch is read before and after it runs; the 49 within the next minute are not.
        assertEquals(2, device.freeReads);
    }

    @Test
    void staysOffWhereTheDeviceReportsNoMemoryForTheModel() {
        device.off = "the cpu accelerator reports no device memory for the model";
        for (int round = 0; round < 4; round++) {
            for (int size : new int[] {2, 4, 8}) {
                batchOf(size);
            }
        }
        assertEquals(0, device.freeReads, "no reading around the batches");
        DeviceMemoryCap.Figures figures = memory.figures(128);
        assertEquals(device.off, figures.offReason());
        assertTrue(Double.isNaN(figures.bytesPerItem()));
        assertEquals(128, figures.cap());
        assertEquals(128, controller.cap());
        assertEquals("no accelerator", DeviceMemoryCap.OFF.figures(8).offReason());
    }

    @Test
    void anOutOfMemoryFailureIsCountedAndHalvesTheCap() {
        BatchExecution failing = new BatchExecution("score", calls -> {
            if (calls.size() > 4) {
                throw new IllegalStateException("CUDA out of memory");
            }
            return new ArrayList<>(calls.stream().map(c -> c[0]).toList());
        }, controller, stats, () -> 0L, false, 128, DeviceMemoryCap.OFF);
        List<BatchRequest> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            BatchRequest request = new BatchRequest(new Object[] {i}, 0, Long.MAX_VALUE, Thread.currentThread());
            request.take();
            batch.add(request);
        }
        failing.run(batch);
        assertEquals(1, stats.outOfMemories(), "counted once per failed batch, not per re-run");
        assertEquals(8, controller.outOfMemoryCap());
    }
}
