package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.CpuLoad;
import dev.perfagent.agent.advise.evidence.Throttling;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuSaturationDetectorTest {
    private final CpuSaturationDetector detector = new CpuSaturationDetector();

    private List<Recommendation> load(int readings, double jvmUser, double machine) {
        return detector.detect(Windows.of(Duration.ofSeconds(60))
                .withCpuLoad(new CpuLoad(readings, jvmUser, 0, machine)));
    }

    private List<Recommendation> throttled(long elapsed, long throttled) {
        return detector.detect(Windows.of(Duration.ofSeconds(10))
                .withThrottling(new Throttling(elapsed, throttled, throttled * 50_000_000L)));
    }

    @Test
    void jvmCpuFollowsJmcsEightyPercentLimit() {
        assertTrue(load(3, 0.79, 0.85).isEmpty());
        Recommendation warning = load(3, 0.80, 0.85).get(0);
        assertEquals(Severity.WARNING, warning.severity());
        assertEquals("JVM CPU", warning.where());
        assertEquals(Severity.CRITICAL, load(3, 0.95, 0.97).get(0).severity());
        assertTrue(load(2, 0.99, 0.99).isEmpty(), "two readings are a blip");
    }

    @Test
    void theGainIsTheDropInQueueingDelay() {
        Recommendation r = load(5, 0.90, 0.95).get(0);
        // rho 0.9 -> 0.72: 0.72/0.28 over 0.9/0.1 = 0.2857, a 71.4% cut
        assertEquals(71.4, r.gain().amount(), 0.05);
        assertEquals("% queueing delay", r.gain().unit());
    }

    @Test
    void aBusyMachineWithAQuietJvmPointsAtOtherProcesses() {
        List<Recommendation> found = load(3, 0.2, 0.95);
        assertEquals(1, found.size());
        assertEquals("machine CPU", found.get(0).where());
        assertTrue(load(3, 0.2, 0.89).isEmpty());
    }

    @Test
    void throttlingNeedsTenPercentOfTenPeriods() {
        assertTrue(throttled(100, 9).isEmpty());
        assertEquals(Severity.WARNING, throttled(100, 10).get(0).severity());
        assertEquals(Severity.CRITICAL, throttled(100, 25).get(0).severity());
        assertTrue(throttled(9, 9).isEmpty());
        // 10 periods of 50 ms throttled in a 10 s window: 50 ms stalled per second
        assertEquals(50.0, throttled(100, 10).get(0).gain().amount(), 1e-9);
    }
}
