package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.agent.advise.evidence.CpuLoad;
import dev.perfagent.agent.advise.evidence.GcActivity;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.report.Recommendation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisorTest {
    private final AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);

    @Test
    void ranksBySeverityThenCausesBeforeSymptomsThenGain() {
        WindowEvidence evidence = Windows.of(Duration.ofSeconds(60))
                .withCpu(Windows.cpu(300, "app.A#run", 100, "app.B#run", 600, "app.C#run")) // C critical, A warning, B info
                .withCpuLoad(new CpuLoad(5, 0.85, 0, 0.9)) // warning
                .withGc(new GcActivity(10, 100_000_000L, 20_000_000L, 0, 0, 0, 0, List.of(), 0)); // nothing
        List<String> ranked = Advisor.standard(log).advise(evidence).stream()
                .map(r -> r.severity() + " " + r.where()).toList();
        // The saturated CPU is what the hot methods add up to: at equal severity the method comes first.
        assertEquals(List.of("CRITICAL app.C#run", "WARNING app.A#run", "WARNING JVM CPU", "INFO app.B#run"), ranked);
    }

    @Test
    void aFailingDetectorIsSkipped() {
        Detector broken = evidence -> {
            throw new IllegalStateException("broken");
        };
        Advisor advisor = new Advisor(List.of(broken, new HotMethodDetector()), log);
        List<Recommendation> found = advisor.advise(Windows.of(Duration.ofSeconds(1)).withCpu(Windows.cpu(100, "app.A#run")));
        assertEquals(1, found.size());
    }

    @Test
    void anEmptyWindowHasNothingToSay() {
        assertEquals(List.of(), Advisor.standard(log).advise(Windows.of(Duration.ZERO)));
    }
}
