package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStuckAtOneDetectorTest {
    private final BatchStuckAtOneDetector detector = new BatchStuckAtOneDetector();

    @Test
    void batchesOfOneThatWaitAreAWarningWithTheDelayAsGain() {
        List<Recommendation> found = detector.detect(evidence(withBatch(healthy(),
                new BatchFigures(1000, 1050, 64, 0.005))));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("batch-stuck-at-one", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertEquals(5.0, r.gain().amount());
        assertTrue(r.action().contains("1.05 calls"), r.action());
    }

    @Test
    void batchesOfOneWithoutAWaitAreInfo() {
        List<Recommendation> found = detector.detect(evidence(withBatch(healthy(),
                new BatchFigures(1000, 1000, 64, 0))));
        assertEquals(Severity.INFO, found.get(0).severity());
        assertEquals(0.0, found.get(0).gain().amount());
    }

    @Test
    void batchesThatGrowOrAreTooFewOrCannotGrowSayNothing() {
        assertTrue(detector.detect(evidence(withBatch(healthy(), new BatchFigures(1000, 1101, 64, 0.005))))
                .isEmpty());
        assertTrue(detector.detect(evidence(withBatch(healthy(), new BatchFigures(99, 99, 64, 0.005)))).isEmpty());
        assertTrue(detector.detect(evidence(withBatch(healthy(), new BatchFigures(1000, 1000, 1, 0.005))))
                .isEmpty());
        assertTrue(detector.detect(evidence(healthy())).isEmpty());
    }

    @Test
    void exactlyAtTheThresholdsItReports() {
        assertEquals(1, detector.detect(evidence(withBatch(healthy(),
                new BatchFigures(BatchStuckAtOneDetector.MIN_BATCHES, 110, 8, 0)))).size());
    }
}
