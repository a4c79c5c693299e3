package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.EvidenceAccumulator;
import dev.perfagent.agent.advise.evidence.GcActivity;
import dev.perfagent.agent.advise.evidence.HeapPoint;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class HeapGrowthDetectorTest {
    private static final long MB = 1024 * 1024;
    private final HeapGrowthDetector detector = new HeapGrowthDetector();

    /** {@code points} collections {@code every} seconds apart, heap after each given by {@code used}. */
    private static GcActivity series(int points, int every, IntToLongFunction used, long maxHeap) {
        List<HeapPoint> heap = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            heap.add(new HeapPoint(Windows.T0.plusSeconds((long) i * every), used.applyAsLong(i)));
        }
        return new GcActivity(points, 0, 0, 0, 0, 0, 0, heap, maxHeap);
    }

    private List<Recommendation> detect(GcActivity gc) {
        EvidenceAccumulator leak = new EvidenceAccumulator();
        leak.addAllocation(List.of("java.util.ArrayList#grow", "app.Registry#remember", "app.Main#main"), "java.lang.Object[]",
                1 << 20);
        WindowEvidence evidence = Windows.of(Duration.ofSeconds(100)).withAllocations(leak.snapshot().allocations());
        return detector.detect(evidence.withGc(gc));
    }

    @Test
    void aSteadyClimbForecastsTheOutOfMemory() {
        // +10 MB every 10 s from 100 MB: 60 MB/min; 190 MB at the end of a 1 GB heap: about 834 s left
        Recommendation r = detect(series(10, 10, i -> (100 + 10L * i) * MB, 1024 * MB)).get(0);
        assertEquals("heap-growth", r.kind());
        assertEquals(Severity.CRITICAL, r.severity());
        assertEquals("app.Registry#remember", r.where());
        assertEquals(60.0, r.gain().amount(), 1e-9);
        Double hours = r.evidence().stream().filter(e -> e.name().equals("time to out-of-memory")).findFirst()
                .orElseThrow().value();
        assertEquals(0.2, hours, 0.05);
        assertTrue(r.action().contains("app.Registry#remember"), r.action());
    }

    @Test
    void severityFollowsTheTimeLeft() {
        // 60 MB/min for 11.5 min: 5.3 h left in 20 GB, 27 h in 100 GB, unknown without a max heap
        assertEquals(Severity.WARNING, detect(series(70, 10, i -> (100 + 10L * i) * MB, 20 * 1024 * MB)).get(0).severity());
        assertEquals(Severity.INFO, detect(series(70, 10, i -> (100 + 10L * i) * MB, 100 * 1024 * MB)).get(0).severity());
        assertEquals(Severity.INFO, detect(series(70, 10, i -> (100 + 10L * i) * MB, 0)).get(0).severity());
    }

    @Test
    void slowGrowthMustLastTenMinutesWhereFastGrowthNeedsThirtySeconds() {
        // 60 MB/min into 20 GB (hours left) over 90 s: a service warming up looks like this
        assertTrue(detect(series(10, 10, i -> (100 + 10L * i) * MB, 20 * 1024 * MB)).isEmpty());
        assertTrue(detect(series(60, 10, i -> (100 + 10L * i) * MB, 20 * 1024 * MB)).isEmpty(), "590 s");
        assertEquals(1, detect(series(61, 10, i -> (100 + 10L * i) * MB, 20 * 1024 * MB)).size(), "600 s");
        // the same slope into 1 GB leaves minutes: said at once
        assertEquals(Severity.CRITICAL, detect(series(10, 10, i -> (100 + 10L * i) * MB, 1024 * MB)).get(0).severity());
    }

    @Test
    void noTrendNoFinding() {
        assertTrue(detect(series(10, 10, i -> (i % 2 == 0 ? 100 : 140) * MB, 1024 * MB)).isEmpty(), "saw-tooth");
        assertTrue(detect(series(10, 10, i -> (200 - 5L * i) * MB, 1024 * MB)).isEmpty(), "shrinking");
        assertTrue(detect(series(4, 20, i -> (100 + 10L * i) * MB, 1024 * MB)).isEmpty(), "four points");
        assertTrue(detect(series(10, 3, i -> (100 + 10L * i) * MB, 1024 * MB)).isEmpty(), "27 s span");
        assertTrue(detect(series(10, 10, i -> 100 * MB + i * 1000L, 1024 * MB)).isEmpty(), "a few KB");
    }

    @Test
    void theLeakProfilerRunsOnlyOnGrowthAFindingWouldReport() {
        // 40 s of collections 5 s apart, +10 MB each into 1 GB: full within the hour, a finding, so on
        assertTrue(HeapGrowthDetector.leakSuspected(series(9, 5, i -> (100 + 10L * i) * MB, 1024 * MB)));
        // three collections climbing: a healthy heap after young collections climbs so while objects are promoted
        assertTrue(!HeapGrowthDetector.leakSuspected(series(3, 3, i -> (100 + i) * MB, 1024 * MB)), "three");
        // a slow climb (hours to out-of-memory) over two minutes: not yet
        assertTrue(!HeapGrowthDetector.leakSuspected(series(25, 5, i -> (100 + i) * MB, 8192 * MB)), "slow");
        assertTrue(!HeapGrowthDetector.leakSuspected(series(10, 5, i -> 100 * MB, 1024 * MB)), "flat");
        assertTrue(!HeapGrowthDetector.leakSuspected(series(10, 5, i -> (200 - i) * MB, 1024 * MB)), "falling");
        assertTrue(!HeapGrowthDetector.leakSuspected(series(10, 5, i -> (i % 2 == 0 ? 100 : 140) * MB, 1024 * MB)),
                "saw-tooth");
    }

    @Test
    void survivorsOfTheLeakProfilerNameTheLeakRatherThanTheHeaviestAllocation() {
        EvidenceAccumulator window = sessionsAndResponses();
        for (int i = 0; i < 9; i++) {
            window.addSurvivor(List.of("app.Sessions#remember", "app.Main#main"), "byte[]", 4112);
        }
        // More survivors, but small ones: the session ids.
        for (int i = 0; i < 12; i++) {
            window.addSurvivor(List.of("app.Handler#sessionId", "app.Main#main"), "byte[]", 40);
        }
        Recommendation r = leakFinding(window);
        assertEquals("app.Sessions#remember", r.where());
        assertTrue(r.action().contains("(37008 of 37488 bytes)"), r.action());
        assertTrue(r.action().contains("byte[] <- app.Sessions#remember"), r.action());
    }

    @Test
    void aFewSurvivorsNameNoSiteAndTheHeaviestAllocationStaysTheGuess() {
        EvidenceAccumulator window = sessionsAndResponses();
        // The leak profiler has just started: one session id survived so far, none of the payloads yet.
        window.addSurvivor(List.of("app.Handler#sessionId", "app.Main#main"), "byte[]", 40);
        Recommendation r = leakFinding(window);
        assertEquals("app.Handler#respond", r.where());
        assertTrue(r.action().contains("the heaviest allocation stack"), r.action());
        assertTrue(r.action().contains("found 1 sampled objects still alive so far, too few"), r.action());
    }

    /** A window allocating 64 MB of responses and 4 MB of sessions. */
    private static EvidenceAccumulator sessionsAndResponses() {
        EvidenceAccumulator window = new EvidenceAccumulator();
        window.addAllocation(List.of("app.Handler#respond", "app.Main#main"), "byte[]", 64 << 20);
        window.addAllocation(List.of("app.Sessions#remember", "app.Main#main"), "byte[]", 4 << 20);
        return window;
    }

    /** The finding on that window's allocations and survivors, the heap after GC climbing 10 MB every 10 s. */
    private Recommendation leakFinding(EvidenceAccumulator window) {
        WindowEvidence evidence = Windows.of(Duration.ofSeconds(100)).withAllocations(window.snapshot().allocations());
        return detector.detect(evidence.withGc(series(10, 10, i -> (100 + 10L * i) * MB, 1024 * MB))).get(0);
    }

    @Test
    void theHistoryCarriesTheSeriesAcrossWindowsWithinItsHorizon() {
        HeapHistory history = new HeapHistory(Duration.ofSeconds(60));
        WindowEvidence last = null;
        for (int w = 0; w < 10; w++) {
            // Windows of 10 s, each with one collection: alone, none has a trend; together they climb.
            GcActivity one = new GcActivity(1, 0, 0, 0, 0, 0, 0,
                    List.of(new HeapPoint(Windows.T0.plusSeconds(10L * w + 5), (100 + 10L * w) * MB)), 1024 * MB);
            WindowEvidence window = Windows.of(Duration.ofSeconds(10 * (w + 1))).withGc(one);
            assertTrue(detector.detect(window).isEmpty());
            last = history.extend(window);
        }
        // Ends at T0 + 100 s: the points of the last 60 s are kept (45 s .. 95 s).
        assertEquals(6, last.gc().heapAfterGc().size());
        assertEquals(1, last.gc().collections());
        assertEquals("heap-growth", detector.detect(last).get(0).kind());
    }
}
