package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.cpu;
import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.gpu;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchCopyBoundDetectorTest {
    private final BatchCopyBoundDetector detector = new BatchCopyBoundDetector();

    /** 1000 batches of 10 ms each, {@code share} of it staging inputs. */
    private static SiteWindow staging(long batches, double share) {
        long service = batches * 10_000_000L;
        return withBatch(healthy(), new BatchFigures(batches, batches * 16, 64, 0, 64, 1, 0, service,
                (long) (service * share), 0, 0, Double.NaN, Double.NaN, Double.NaN));
    }

    @Test
    void copiesThatDominateTheBatchAreAWarningWithAnAmdahlGain() {
        List<Recommendation> found = detector.detect(evidence(List.of(gpu(0.4, 10)), staging(1000, 0.6)));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("batch-copy-bound", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertTrue(r.action().contains("60.0% of their time staging"), r.action());
        assertTrue(r.action().contains("pinned"), r.action());
        assertEquals(2.5, r.gain().amount(), 1e-9);   // 1 / (1 - 0.6)
    }

    @Test
    void aSmallerShareIsInfoAndOnTheCpuTheAdviceIsAboutCopiesInHostMemory() {
        Recommendation r = detector.detect(evidence(List.of(cpu(0.4)), staging(1000, 0.35))).get(0);
        assertEquals(Severity.INFO, r.severity());
        assertTrue(r.action().contains("the CPU (Intel Xeon)"), r.action());
        assertTrue(r.action().contains("direct buffers"), r.action());
    }

    @Test
    void onAGpuThisProcessDoesNotUseTheAdviceIsForACpuModel() {
        Recommendation r = detector.detect(evidence(List.of(gpu(0.0, 0.0, 1)), staging(1000, 0.6))).get(0);
        assertTrue(r.action().contains("before the device runs them"), r.action());
        assertTrue(r.action().contains("direct buffers"), r.action());
        assertTrue(!r.action().contains("pinned"), r.action());
    }

    @Test
    void aSmallShareFewBatchesOrNoStagingFigureSayNothing() {
        assertTrue(detector.detect(evidence(List.of(gpu(0.4, 10)), staging(1000, 0.29))).isEmpty());
        assertTrue(detector.detect(evidence(List.of(gpu(0.4, 10)), staging(99, 0.9))).isEmpty());
        assertTrue(detector.detect(evidence(List.of(gpu(0.4, 10)), staging(1000, 0))).isEmpty());
        assertTrue(detector.detect(evidence(healthy())).isEmpty());
        assertEquals(1, detector.detect(evidence(staging(BatchCopyBoundDetector.MIN_BATCHES,
                BatchCopyBoundDetector.MIN_SHARE))).size(), "at the thresholds, without device readings");
    }
}
