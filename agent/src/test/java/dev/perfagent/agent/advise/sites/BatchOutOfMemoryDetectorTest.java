package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.batches;
import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOutOfMemoryDetectorTest {
    private final BatchOutOfMemoryDetector detector = new BatchOutOfMemoryDetector();

    @Test
    void afterAnOutOfMemoryHalvingTheNewCapIsProposedAsMaxSize() {
        BatchFigures b = new BatchFigures(500, 10_000, 64, 0, 16, 1, 0, Sites.MINUTE / 2, 0, 2, 16, Double.NaN,
                Double.NaN, Double.NaN);
        List<Recommendation> found = detector.detect(evidence(withBatch(healthy(), b)));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("batch-out-of-memory", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertTrue(r.action().contains("halved to 16"), r.action());
        assertTrue(r.config().contains("max-size: 16"), r.config());
        assertEquals(2.0, r.gain().amount(), 1e-9);
    }

    @Test
    void noOutOfMemoryFailureInTheWindowSaysNothing() {
        assertTrue(detector.detect(evidence(withBatch(healthy(), batches(500, 20, 16, 64, 0)))).isEmpty());
        assertTrue(detector.detect(evidence(healthy())).isEmpty());
    }
}
