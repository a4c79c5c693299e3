package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withShadow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheWorthyDetectorTest {
    private final CacheWorthyDetector detector = new CacheWorthyDetector();

    @Test
    void repeatingKeysAskForACacheOfTheShadowsSizeWithTheHitRatioAsGain() {
        List<Recommendation> found = detector.detect(evidence(withShadow(healthy(),
                new ShadowCacheFigures(1000, 600, 10_000, 0.1))));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("cache-worthy", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        Evidence ratio = r.evidence().get(0);
        assertEquals(60.0, ratio.value());
        assertTrue(ratio.low() > 56 && ratio.low() < 60 && ratio.high() > 60 && ratio.high() < 64, ratio.toString());
        // 0.6 x 5 ms
        assertEquals(3.0, r.gain().amount());
        assertTrue(r.config().contains("cache: { max-size: 10000 }"), r.config());
    }

    @Test
    void aLowerEndUnderHalfIsInfo() {
        assertEquals(Severity.INFO, detector.detect(evidence(withShadow(healthy(),
                new ShadowCacheFigures(200, 100, 10_000, 0.1)))).get(0).severity());
    }

    @Test
    void belowThirtyPercentTooFewLookupsOrACacheAlreadySayNothing() {
        assertTrue(detector.detect(evidence(withShadow(healthy(), new ShadowCacheFigures(1000, 299, 10_000, 1))))
                .isEmpty());
        assertTrue(detector.detect(evidence(withShadow(healthy(), new ShadowCacheFigures(199, 199, 10_000, 1))))
                .isEmpty());
        assertTrue(detector.detect(evidence(Sites.withCache(withShadow(healthy(),
                new ShadowCacheFigures(1000, 900, 10_000, 1)), new CacheFigures(900, 100)))).isEmpty());
        assertTrue(detector.detect(evidence(healthy())).isEmpty());
        assertEquals(1, detector.detect(evidence(withShadow(healthy(), new ShadowCacheFigures(200, 60, 10_000, 1))))
                .size());
    }
}
