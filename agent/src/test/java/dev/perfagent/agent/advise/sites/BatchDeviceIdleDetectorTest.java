package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.batches;
import static dev.perfagent.agent.advise.sites.Sites.cpu;
import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.gpu;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withBatch;
import static dev.perfagent.agent.advise.sites.Sites.withCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchDeviceIdleDetectorTest {
    private final BatchDeviceIdleDetector detector = new BatchDeviceIdleDetector();

    /** 32,000 calls of 375 ms in a minute: 200 calls in the method at once, more than any cap below. */
    private static SiteWindow crowded() {
        return withCalls(healthy(), 32_000, 0, 0, 375_000_000L, 0);
    }

    @Test
    void fullBatchesAtMaxSizeOnAnIdleGpuAskForALargerCap() {
        List<Recommendation> found = detector.detect(evidence(List.of(gpu(0.3, 20)),
                withBatch(crowded(), batches(1000, 32, 32, 32, 4))));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("batch-device-idle", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertTrue(r.action().startsWith("GPU cuda0 (NVIDIA H100) was 30.0% busy"), r.action());
        assertTrue(r.action().contains("raise it to 64"), r.action());
        assertTrue(r.config().contains("max-size: 64"), r.config());
        // Without a cost model the step is 64/32 = 2; the device's ceiling 0.9/0.3 = 3 does not bind.
        assertEquals(2.0, r.gain().amount(), 1e-9);
        assertTrue(r.gain().formula().contains("ceiling"), r.gain().formula());
    }

    @Test
    void theFittedCostModelSizesTheGainOfALargerCap() {
        // a = 8 ms, b = 0.25 ms: 64(8 + 8)/(32(8 + 16)) = 1.333.
        BatchFigures b = new BatchFigures(1000, 32_000, 32, 0, 32, 1, 4 * Sites.MINUTE, Sites.MINUTE / 2, 0, 0, 0,
                Double.NaN, 8e6, 0.25e6);
        Recommendation r = detector.detect(evidence(List.of(gpu(0.3, 20)), withBatch(crowded(), b))).get(0);
        assertEquals(1.333, r.gain().amount(), 1e-3);
    }

    @Test
    void whenEveryCallerIsAlreadyInTheBatchALargerCapIsNotAdvisedButAnotherExecutorIs() {
        // What an H100 showed: 64 closed-loop clients, batches of 61.7 at max-size 64, the GPU 10.6% busy. A cap
        // of 128 could not form a batch over 64, so the advice is a second executor.
        SiteWindow closedLoop = withCalls(healthy(), 1_200_000, 0, 0, 3_175_000L, 0);   // 63.5 at once
        Recommendation r = detector.detect(evidence(List.of(gpu(0.106, 20)),
                withBatch(closedLoop, batches(19_440, 61.7, 64, 64, 14.9)))).get(0);
        assertTrue(r.action().contains("already take nearly every caller (63.5 in the method at once)"), r.action());
        assertTrue(r.config().contains("executors: { replicas: 2 }"), r.config());
        assertFalse(r.config().contains("max-size"), r.config());
        assertTrue(r.evidence().stream().anyMatch(e -> e.name().startsWith("calls in the method at once")
                && e.value() == 63.5), r.evidence().toString());
    }

    @Test
    void aLargerCapPromisesNoMoreThanTheCallersCanFill() {
        // 96 callers, max-size 64: the cap of 128 forms batches of at most 96, so the step is 96/64, not 2.
        SiteWindow ninetySix = withCalls(healthy(), 32_000, 0, 0, 180_000_000L, 0);
        Recommendation r = detector.detect(evidence(List.of(gpu(0.1, 20)),
                withBatch(ninetySix, batches(1000, 64, 64, 64, 20)))).get(0);
        assertTrue(r.config().contains("max-size: 128"), r.config());
        assertEquals(1.5, r.gain().amount(), 1e-9);
        assertTrue(r.gain().formula().contains("P: the 96.0 calls in the method at once, fewer than 128"),
                r.gain().formula());
    }

    @Test
    void batchesBelowTheCapAskForAnotherExecutorOnTheCpu() {
        List<Recommendation> found = detector.detect(evidence(List.of(cpu(0.5)),
                withBatch(healthy(), batches(1000, 6, 32, 32, 2))));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertTrue(r.action().startsWith("The CPU (Intel Xeon) was 50.0% busy"), r.action());
        assertTrue(r.action().contains("2 executors"), r.action());
        assertTrue(r.config().contains("executors: { replicas: 2 }"), r.config());
        // Step 2/1, ceiling 0.9/0.5 = 1.8: the device's idle time binds.
        assertEquals(1.8, r.gain().amount(), 1e-9);
    }

    @Test
    void aMemoryCapBelowMaxSizeSendsItToExecutorsNotALargerCap() {
        BatchFigures b = new BatchFigures(1000, 32_000, 32, 0, 32, 2, 4 * Sites.MINUTE, Sites.MINUTE / 2, 0, 0, 16,
                1e6, Double.NaN, Double.NaN);
        Recommendation r = detector.detect(evidence(List.of(gpu(0.2, 70)), withBatch(healthy(), b))).get(0);
        assertTrue(r.config().contains("replicas: 3"), r.config());
        assertEquals(1.5, r.gain().amount(), 1e-9);
    }

    @Test
    void aBusyDeviceAnEmptyQueueFewBatchesOrNoReadingSayNothing() {
        SiteWindow queued = withBatch(healthy(), batches(1000, 32, 32, 32, 4));
        assertTrue(detector.detect(evidence(List.of(gpu(0.6, 20)), queued)).isEmpty(), "at the threshold: busy");
        assertTrue(detector.detect(evidence(List.of(gpu(0.3, 20)),
                withBatch(healthy(), batches(1000, 32, 32, 32, 0.9)))).isEmpty(), "queue mostly empty");
        assertTrue(detector.detect(evidence(List.of(gpu(0.3, 20)),
                withBatch(healthy(), batches(99, 32, 32, 32, 4)))).isEmpty(), "too few batches");
        assertTrue(detector.detect(evidence(List.of(gpu(Double.NaN, 20)), queued)).isEmpty(), "busy unknown");
        assertTrue(detector.detect(evidence(queued)).isEmpty(), "no accelerator yet");
        assertTrue(detector.detect(evidence(List.of(gpu(0.3, 20)), healthy())).isEmpty(), "not batched");
    }

    @Test
    void aGpuThisProcessDoesNotUseRunsNoneOfItsBatches() {
        // The bug seen on an H100 host: the model ran on ONNX Runtime's CPU provider, the GPU sat at 0%.
        SiteWindow queued = withBatch(healthy(), batches(1000, 64, 64, 64, 13.4));
        assertTrue(detector.detect(evidence(List.of(gpu(0.0, 0.0, 1)), queued)).isEmpty(), "idle, and not ours");
        assertTrue(detector.detect(evidence(List.of(gpu(0.4, 0.0, 30)), queued)).isEmpty(),
                "busy with another process's work only");
    }

    @Test
    void aGpuThisProcessKeepsPartlyBusyIsStillTheBatchDevice() {
        List<Recommendation> found = detector.detect(evidence(List.of(gpu(0.3, 0.25, 20)),
                withBatch(healthy(), batches(1000, 32, 32, 32, 4))));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertTrue(r.action().startsWith("GPU cuda0 (NVIDIA H100) was 30.0% busy"), r.action());
        assertEquals(0.3, figure(r, "device busy (mean over the window)"), 1e-9);
        assertEquals(0.25, figure(r, "this process's share of the device (mean over the window)"), 1e-9);
    }

    @Test
    void whereThisProcesssShareIsUnknownAnIdleGpuIsNotTheBatchDeviceAndABusyOneIs() {
        SiteWindow queued = withBatch(healthy(), batches(1000, 32, 32, 32, 4));
        assertTrue(detector.detect(evidence(List.of(gpu(0.0, Double.NaN, 1)), queued)).isEmpty());
        Recommendation r = detector.detect(evidence(List.of(gpu(0.3, Double.NaN, 20)), queued)).get(0);
        assertTrue(r.action().startsWith("GPU cuda0 (NVIDIA H100) was 30.0% busy"), r.action());
        assertTrue(r.evidence().stream().noneMatch(e -> e.name().startsWith("this process")), r.evidence()::toString);
    }

    @Test
    void theFirstGpuThisProcessUsesIsTheBatchDevice() {
        DeviceFigures unused = new DeviceFigures("cuda", 0, "NVIDIA H100", 0.0, 0.0, 1L << 30, 80L << 30, 60);
        DeviceFigures ours = new DeviceFigures("cuda", 1, "NVIDIA H100", 0.2, 0.2, 20L << 30, 80L << 30, 60);
        List<Recommendation> found = detector.detect(evidence(List.of(unused, ours),
                withBatch(healthy(), batches(1000, 32, 32, 32, 4))));
        assertEquals(1, found.size());
        assertTrue(found.get(0).action().startsWith("GPU cuda1 (NVIDIA H100) was 20.0% busy"),
                found.get(0).action());
    }

    private static double figure(Recommendation r, String name) {
        return r.evidence().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " in " + r.evidence())).value();
    }

    @Test
    void exactlyAtTheQueueThresholdItReports() {
        assertEquals(1, detector.detect(evidence(List.of(gpu(0.59, 20)), withBatch(healthy(),
                batches(BatchDeviceIdleDetector.MIN_BATCHES, 8, 32, 32, BatchDeviceIdleDetector.MIN_QUEUED))))
                .size());
    }
}
