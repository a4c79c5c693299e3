package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static dev.perfagent.agent.advise.sites.Sites.healthy;
import static dev.perfagent.agent.advise.sites.Sites.withCalls;
import static dev.perfagent.agent.advise.sites.Sites.withLayers;
import static dev.perfagent.agent.advise.sites.Sites.withWorst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerWorthyDetectorTest {
    private final BreakerWorthyDetector detector = new BreakerWorthyDetector();

    /** 6000 calls of 5 ms, 90 of them failed, 80 in one second of 100 calls. */
    private static SiteWindow errorBurst() {
        return withWorst(withCalls(healthy(), 6000, 90, 0, 5_000_000L, 0), new SecondCounts(100, 80, 0),
                SecondCounts.NONE);
    }

    @Test
    void anErrorBurstInAHealthyWindowAsksForABreakerSizedFromIt() {
        List<Recommendation> found = detector.detect(evidence(errorBurst()));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("breaker-worthy", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        // (1.5% + 80%) / 2 = 40.75% -> 40%; a window of the burst second's 100 calls.
        assertTrue(r.config().contains("circuit-breaker: { failure-rate: 40%, window: 100, minimum-calls: 20,"
                + " open-for: 10s }"), r.config());
        assertTrue(r.config().contains("match: " + Sites.METHOD), r.config());
        // 80 calls failing fast x 5 ms.
        assertEquals(400.0, r.gain().amount());
    }

    @Test
    void errorsSpreadOverTheWindowOrAlreadyBehindABreakerSayNothing() {
        assertTrue(detector.detect(evidence(withLayers(errorBurst(), "time", "circuit-breaker"))).isEmpty());
        // The window as a whole fails too often: not a burst but an outage (or a bug).
        assertTrue(detector.detect(evidence(withWorst(withCalls(healthy(), 6000, 700, 0, 5_000_000L, 0),
                new SecondCounts(100, 80, 0), SecondCounts.NONE))).isEmpty());
        // A burst second with too few calls.
        assertTrue(detector.detect(evidence(withWorst(withCalls(healthy(), 6000, 90, 0, 5_000_000L, 0),
                new SecondCounts(19, 19, 0), SecondCounts.NONE))).isEmpty());
        // Just under half.
        assertTrue(detector.detect(evidence(withWorst(withCalls(healthy(), 6000, 90, 0, 5_000_000L, 0),
                new SecondCounts(100, 49, 0), SecondCounts.NONE))).isEmpty());
    }

    @Test
    void atTheThresholdsItReports() {
        assertEquals(1, detector.detect(evidence(withWorst(withCalls(healthy(), 6000, 600, 0, 5_000_000L, 0),
                new SecondCounts(20, 10, 0), SecondCounts.NONE))).size());
    }

    @Test
    void slowCallsPilingUpAskForASlowCallBreakerAtTheSlo() {
        SiteWindow slow = withWorst(withCalls(healthy(), 6000, 0, 300, 5_000_000L, 50_000_000L),
                SecondCounts.NONE, new SecondCounts(40, 0, 30));
        List<Recommendation> found = detector.detect(evidence(slow));
        assertEquals(1, found.size());
        assertEquals(Severity.INFO, found.get(0).severity());
        assertTrue(found.get(0).config().contains("slow-call: 50ms, slow-call-rate: 40%"), found.get(0).config());
    }

    @Test
    void tooFewCallsSayNothing() {
        assertTrue(detector.detect(evidence(withWorst(withCalls(healthy(), 99, 1, 0, 5_000_000L, 0),
                new SecondCounts(20, 20, 0), SecondCounts.NONE))).isEmpty());
    }
}
