package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.DurationStat;
import dev.perfagent.agent.advise.evidence.IoActivity;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlowIoDetectorTest {
    private final SlowIoDetector detector = new SlowIoDetector();

    private List<Recommendation> socket(long count, long meanMillis, long maxMillis) {
        DurationStat stat = new DurationStat(count, count * meanMillis * 1_000_000, maxMillis * 1_000_000, 4096);
        return detector.detect(Windows.of(Duration.ofSeconds(60))
                .withIo(new IoActivity(Map.of("db.internal:5432", stat), Map.of())));
    }

    @Test
    void threeSlowCallsAtLeast() {
        assertTrue(socket(2, 3000, 3000).isEmpty());
        assertEquals(1, socket(3, 3000, 3000).size());
    }

    @Test
    void theLongestCallFollowsJmcsSocketReadLimits() {
        assertTrue(socket(3, 30, 274).isEmpty());
        Recommendation warning = socket(3, 30, 275).get(0);
        assertEquals(Severity.WARNING, warning.severity());
        assertEquals("db.internal:5432", warning.where());
        assertEquals("slow-socket-io", warning.kind());
        assertEquals(Severity.CRITICAL, socket(3, 30, 2000).get(0).severity());
    }

    @Test
    void manyModeratelySlowCallsCountByTimeBlocked() {
        // 200 calls of 30 ms in 60 s: 0.1 threads blocked on average
        Recommendation r = socket(200, 30, 40).get(0);
        assertEquals(Severity.INFO, r.severity());
        assertEquals(15.0, r.gain().amount(), 1e-9); // half of the 30 ms mean, at a 50% hit rate
        assertEquals(Severity.WARNING, socket(500, 30, 40).get(0).severity()); // 0.25 threads
    }

    @Test
    void filesAreJudgedTheSameWay() {
        DurationStat stat = new DurationStat(10, 10 * 300_000_000L, 300_000_000L, 1 << 20);
        Recommendation r = detector.detect(Windows.of(Duration.ofSeconds(60))
                .withIo(new IoActivity(Map.of(), Map.of("/var/data/index.bin", stat)))).get(0);
        assertEquals("slow-file-io", r.kind());
        assertEquals("/var/data/index.bin", r.where());
    }
}
