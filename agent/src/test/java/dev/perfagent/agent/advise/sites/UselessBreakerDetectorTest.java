package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withBreaker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class UselessBreakerDetectorTest {
    private final UselessBreakerDetector detector = new UselessBreakerDetector();

    @Test
    void aBreakerThatNeverTrippedOverAMinuteOfManyCallsIsInfo() {
        List<Recommendation> found = detector.detect(evidence(withBreaker(healthy(),
                new BreakerFigures(6000, 0, 0, 0, 0, 0))));
        assertEquals(1, found.size());
        assertEquals("breaker-idle", found.get(0).kind());
        assertEquals(Severity.INFO, found.get(0).severity());
    }

    @Test
    void oneFailureOrFewCallsOrAShortWindowKeepItQuiet() {
        assertTrue(detector.detect(evidence(withBreaker(healthy(), new BreakerFigures(6000, 1, 0, 0, 0, 0))))
                .isEmpty());
        assertTrue(detector.detect(evidence(withBreaker(healthy(), new BreakerFigures(999, 0, 0, 0, 0, 0))))
                .isEmpty());
        SiteEvidence short30s = new SiteEvidence(Sites.MINUTE / 2,
                List.of(withBreaker(healthy(), new BreakerFigures(6000, 0, 0, 0, 0, 0))));
        assertTrue(detector.detect(short30s).isEmpty());
    }

    @Test
    void aBreakerThatOpensAndClosesRepeatedlyFlaps() {
        List<Recommendation> found = detector.detect(evidence(withBreaker(healthy(),
                new BreakerFigures(5000, 400, 0, 900, 3, 2))));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("breaker-flapping", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertEquals(900.0, r.gain().amount());
        assertNull(r.config());
    }

    @Test
    void twoOpeningsAreNotFlapping() {
        assertTrue(detector.detect(evidence(withBreaker(healthy(), new BreakerFigures(5000, 400, 0, 900, 2, 2))))
                .isEmpty());
    }
}
