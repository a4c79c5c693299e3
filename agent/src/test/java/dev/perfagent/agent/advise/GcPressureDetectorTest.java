package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.GcActivity;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcPressureDetectorTest {
    private final GcPressureDetector detector = new GcPressureDetector();

    private List<Recommendation> detect(GcActivity gc) {
        return detector.detect(Windows.of(Duration.ofSeconds(60)).withGc(gc));
    }

    private static GcActivity pauses(int collections, long pauseMillis, long longestMillis) {
        return new GcActivity(collections, pauseMillis * 1_000_000, longestMillis * 1_000_000, 0, 0, 0, 0, List.of(), 0);
    }

    @Test
    void pauseRatioFollowsJmcsFiveAndTenPercent() {
        assertTrue(detect(pauses(100, 2_990, 50)).isEmpty());
        Recommendation warning = detect(pauses(100, 3_000, 50)).get(0);
        assertEquals("gc-pause-ratio", warning.kind());
        assertEquals(Severity.WARNING, warning.severity());
        assertEquals(2.5, warning.gain().amount(), 1e-9);
        assertEquals(Severity.CRITICAL, detect(pauses(100, 6_000, 50)).get(0).severity());
        assertTrue(detect(pauses(1, 6_000, 50)).isEmpty(), "one collection is no ratio");
    }

    @Test
    void aPauseOfASecondIsLong() {
        assertTrue(detect(pauses(2, 999, 999)).isEmpty());
        Recommendation r = detect(pauses(2, 1_000, 1_000)).get(0);
        assertEquals("gc-long-pause", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertEquals(800.0, r.gain().amount(), 1e-9);
        assertEquals(Severity.CRITICAL, Windows.ofKind(detect(pauses(2, 5_000, 5_000)), "gc-long-pause").get(0).severity());
    }

    @Test
    void fullCollectionsAndSystemGcAreEachAFinding() {
        GcActivity gc = new GcActivity(10, 600_000_000L, 100_000_000L, 2, 300_000_000L, 1, 120_000_000L, List.of(), 0);
        List<Recommendation> found = detect(gc);
        assertEquals(1, Windows.ofKind(found, "gc-full").size());
        Recommendation systemGc = Windows.ofKind(found, "gc-system-gc").get(0);
        assertEquals("System.gc()", systemGc.where());
        assertEquals(2.0, systemGc.gain().amount(), 1e-9); // 120 ms over 60 s
    }
}
