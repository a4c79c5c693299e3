package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A batch that runs out of memory is retried in halves, and the controller keeps later batches smaller. */
class OutOfMemoryTest {

    @Test
    void recognisesTheJvmsAndNativeRuntimesOutOfMemoryFailures() {
        assertTrue(OutOfMemorySignal.isOutOfMemory(new OutOfMemoryError("Java heap space")));
        assertTrue(OutOfMemorySignal.isOutOfMemory(new RuntimeException("wrapped",
                new IllegalStateException("CUDA error: CUDA_ERROR_OUT_OF_MEMORY"))));
        assertTrue(OutOfMemorySignal.isOutOfMemory(new Exception("Failed to allocate memory for requested buffer")));
        assertFalse(OutOfMemorySignal.isOutOfMemory(new IllegalArgumentException("bad input")));
        assertFalse(OutOfMemorySignal.isOutOfMemory(new RuntimeException((String) null)));
    }

    @Test
    void theControllerHalvesItsCapBelowTheSizeThatFailed() {
        BatchSettings settings = new BatchSettings(64, 1, 4096, WhenFull.RUN_ALONE, Optional.empty(), Optional.empty(),
                Duration.ZERO);
        BatchController controller = new BatchController(settings, () -> 0L);
        assertEquals(64, controller.cap());
        controller.outOfMemory(40, 0);
        assertEquals(20, controller.cap());
        controller.outOfMemory(64, 0);
        assertEquals(20, controller.cap(), "a later, larger failure does not raise the bound");
        controller.outOfMemory(1, 0);
        assertEquals(1, controller.cap(), "never below one");
    }

    @Test
    void aBatchThatRunsOutOfMemoryIsRetriedInHalvesAndEveryCallerGetsItsResult() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        // Runs out of memory above 4 items, like a device with room for 4.
        BatchFunction device = calls -> {
            sizes.add(calls.size());
            if (calls.size() > 4) {
                throw new IllegalStateException("CUDA out of memory");
            }
            List<Object> out = new ArrayList<>();
            for (Object[] call : calls) {
                out.add((Integer) call[0] * 10);
            }
            return out;
        };
        BatchSettings settings = new BatchSettings(16, 1, 64, WhenFull.RUN_ALONE, Optional.empty(), Optional.empty(),
                Duration.ZERO);
        BatchController controller = new BatchController(settings, Ticker.SYSTEM);
        Model.Gate gate = new Model.Gate();
        BatchFunction gated = calls -> {
            if (calls.size() == 1 && calls.get(0)[0] == gate) {
                gate.pass();
                return List.of(gate);
            }
            return device.apply(calls);
        };
        Batcher batcher = new Batcher("score", gated, controller, settings, Ticker.SYSTEM, new BatchStats(16));
        Caller leader = Caller.start(batcher, gate);
        gate.awaitEntered();
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int before = batcher.queued();
            callers.add(Caller.start(batcher, i));
            Eventually.until(i + " queued", () -> batcher.queued() == before + 1);
        }
        gate.open();
        leader.result();
        for (int i = 0; i < callers.size(); i++) {
            assertEquals(i * 10, callers.get(i).result());
        }
        assertEquals(12, sizes.get(0), "the first batch took all twelve");
        assertTrue(controller.cap() <= 6, "cap halved below 12: " + controller.cap());
        assertTrue(sizes.stream().allMatch(n -> n <= 12));
    }
}
