package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class UselessCacheDetectorTest {
    private final UselessCacheDetector detector = new UselessCacheDetector();

    @Test
    void aCacheThatAlmostNeverHitsIsAWarningWithItsInterval() {
        List<Recommendation> found = detector.detect(evidence(withCache(healthy(), new CacheFigures(20, 1980))));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("useless-cache", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        Evidence ratio = r.evidence().get(0);
        assertEquals(1.0, ratio.value());
        assertTrue(ratio.low() < 1.0 && ratio.high() > 1.0, ratio.toString());
        assertEquals(1980.0, r.gain().amount());
    }

    @Test
    void aCacheAtFivePercentOrWithFewLookupsSaysNothing() {
        assertTrue(detector.detect(evidence(withCache(healthy(), new CacheFigures(50, 950)))).isEmpty());
        assertTrue(detector.detect(evidence(withCache(healthy(), new CacheFigures(0, 999)))).isEmpty());
        assertEquals(1, detector.detect(evidence(withCache(healthy(), new CacheFigures(49, 951)))).size());
    }
}
