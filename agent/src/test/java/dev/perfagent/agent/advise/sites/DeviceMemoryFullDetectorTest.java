package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.batches;
import static dev.perfagent.agent.advise.sites.Sites.cpu;
import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.gpu;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceMemoryFullDetectorTest {
    private static final double MIB = 1 << 20;
    private final DeviceMemoryFullDetector detector = new DeviceMemoryFullDetector(10);

    @Test
    void aBatchSiteOnANearlyFullGpuIsToldToLowerItsCapByTheLearntMemoryPerItem() {
        // 76 of 80 GiB in use (95%); the headroom keeps 8 GiB, so 4 GiB are over it; 256 MiB per item: 16 fewer.
        BatchFigures b = new BatchFigures(1000, 64_000, 64, 0, 64, 1, 0, Sites.MINUTE / 2, 0, 0, 0, 256 * MIB,
                Double.NaN, Double.NaN);
        List<Recommendation> found = detector.detect(evidence(List.of(gpu(0.9, 76)), withBatch(healthy(), b)));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("device-memory-full", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertEquals(Sites.METHOD, r.where());
        assertTrue(r.action().contains("95.0% of its memory"), r.action());
        assertTrue(r.config().contains("max-size: 48"), r.config());
        assertEquals(4096.0, r.gain().amount(), 1e-9);
    }

    @Test
    void withoutALearntFigureItAsksForALowerCapWithoutANumberAndIsCriticalWhenAlmostFull() {
        Recommendation r = detector.detect(evidence(List.of(gpu(0.9, 78)),
                withBatch(healthy(), batches(1000, 64, 64, 64, 0)))).get(0);
        assertEquals(Severity.CRITICAL, r.severity());
        assertNull(r.config());
        assertTrue(r.action().contains("not learnt yet"), r.action());
    }

    @Test
    void aLargerHeadroomLowersTheThreshold() {
        SiteWindow site = withBatch(healthy(), batches(1000, 64, 64, 64, 0));
        assertTrue(detector.detect(evidence(List.of(gpu(0.9, 64)), site)).isEmpty(), "80% with 10% headroom");
        assertEquals(1, new DeviceMemoryFullDetector(25).detect(evidence(List.of(gpu(0.9, 64)), site)).size(),
                "80% with 25% headroom");
    }

    @Test
    void aFullDeviceWithoutBatchSitesIsOneFindingForTheDevice() {
        List<Recommendation> found = detector.detect(evidence(List.of(gpu(0.9, 75)), healthy()));
        assertEquals(1, found.size());
        assertEquals("GPU cuda0 (NVIDIA H100)", found.get(0).where());
    }

    @Test
    void aFullGpuThisProcessDoesNotUseIsNotItsBatchesToShrink() {
        SiteWindow site = withBatch(healthy(), batches(1000, 64, 64, 64, 0));
        assertTrue(detector.detect(evidence(List.of(gpu(0.9, 0.0, 78)), site)).isEmpty(), "another process's GPU");
        assertTrue(detector.detect(evidence(List.of(gpu(0.0, Double.NaN, 78)), site)).isEmpty(), "idle, share unknown");
        assertEquals(1, detector.detect(evidence(List.of(gpu(0.9, Double.NaN, 78)), site)).size(), "busy, unknown");
    }

    @Test
    void roomEnoughTheCpuOrNoReadingSayNothing() {
        SiteWindow site = withBatch(healthy(), batches(1000, 64, 64, 64, 0));
        assertTrue(detector.detect(evidence(List.of(gpu(0.9, 71)), site)).isEmpty(), "under 90%");
        assertTrue(detector.detect(evidence(List.of(cpu(0.9)), site)).isEmpty(), "the host's memory: page cache");
        assertTrue(detector.detect(evidence(List.of(new DeviceFigures("cuda", 0, "A100", 0.5, 0.5, -1, 40L << 30, 1)),
                site)).isEmpty(), "memory unknown");
        assertTrue(detector.detect(evidence(site)).isEmpty(), "no accelerator");
    }
}
