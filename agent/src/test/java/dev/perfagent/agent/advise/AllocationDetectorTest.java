package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.AgentFrames;
import dev.perfagent.agent.advise.evidence.Allocations;
import dev.perfagent.agent.advise.evidence.EvidenceAccumulator;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationDetectorTest {
    private final AllocationDetector detector = new AllocationDetector();

    /** 100 samples of 1 KB: {@code hot} from app.Hot#make (byte[]), the rest spread over ten sites. */
    private static Allocations site(int hot) {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (int i = 0; i < 100; i++) {
            String site = i < hot ? "app.Hot#make" : "app.Cold" + (i % 10) + "#make";
            accumulator.addAllocation(List.of("java.util.Arrays#copyOf", site, "app.Main#main"), "byte[]", 1024);
        }
        return accumulator.snapshot().allocations();
    }

    /** 100 samples of 1 KB, {@code boxed} of them Integers from Integer.valueOf in app.Sum#add. */
    private static Allocations boxing(int boxed) {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (int i = 0; i < 100; i++) {
            if (i < boxed) {
                accumulator.addAllocation(List.of("java.lang.Integer#valueOf", "app.Sum#add"), "java.lang.Integer", 1024);
            } else {
                accumulator.addAllocation(List.of("app.Cold" + (i % 10) + "#make"), "byte[]", 1024);
            }
        }
        return accumulator.snapshot().allocations();
    }

    private List<Recommendation> detect(Allocations allocations) {
        return detector.detect(Windows.of(Duration.ofSeconds(10)).withAllocations(allocations));
    }

    @Test
    void aSiteWithAFifthOfTheBytesIsNamed() {
        assertTrue(Windows.ofKind(detect(site(19)), "allocation-hot-site").isEmpty());
        Recommendation r = Windows.ofKind(detect(site(20)), "allocation-hot-site").get(0);
        assertEquals("app.Hot#make", r.where(), "the application frame, not Arrays#copyOf");
        assertEquals(Severity.INFO, r.severity());
        assertEquals(20.0, r.gain().amount(), 1e-9);
        assertEquals(Severity.WARNING, Windows.ofKind(detect(site(50)), "allocation-hot-site").get(0).severity());
    }

    @Test
    void tooFewSamplesSayNothing() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (int i = 0; i < 49; i++) {
            accumulator.addAllocation(List.of("app.Hot#make"), "byte[]", 1024);
        }
        assertTrue(detect(accumulator.snapshot().allocations()).isEmpty());
        accumulator.addAllocation(List.of("app.Hot#make"), "byte[]", 1024);
        assertEquals(1, detect(accumulator.snapshot().allocations()).size());
    }

    @Test
    void boxingFollowsJmcsTwentyAndEightyPercent() {
        assertTrue(Windows.ofKind(detect(boxing(19)), "allocation-boxing").isEmpty());
        Recommendation r = Windows.ofKind(detect(boxing(20)), "allocation-boxing").get(0);
        assertEquals(Severity.WARNING, r.severity());
        assertEquals("app.Sum#add", r.where());
        assertEquals(Severity.CRITICAL, Windows.ofKind(detect(boxing(80)), "allocation-boxing").get(0).severity());
    }

    /**
     * 100 samples of 1 KB: {@code woven} of the agent's per-call objects made in LayerChain#enter for the woven
     * app.Model#score, {@code agentThread} by an agent thread with no application frame, the rest spread thin.
     */
    private static Allocations underTheAgent(int woven, int agentThread) {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (int i = 0; i < 100; i++) {
            if (i < woven) {
                accumulator.addAllocation(List.of("dev.perfagent.agent.layer.LayerChain#enter",
                        "dev.perfagent.bootstrap.Hooks#enter", "app.Model#score", "app.Server#handle"),
                        "dev.perfagent.agent.layer.LayeredCall", 1024);
            } else if (i < woven + agentThread) {
                accumulator.addAllocation(List.of("java.util.Arrays#copyOf",
                        "dev.perfagent.agent.report.Exporter#flush", "java.lang.Thread#run"), "byte[]", 1024);
            } else {
                accumulator.addAllocation(List.of("app.Cold" + (i % 10) + "#make"), "byte[]", 1024);
            }
        }
        return accumulator.snapshot().allocations();
    }

    @Test
    void whatTheAgentAllocatesForAWovenMethodCountsForThatMethod() {
        List<Recommendation> found = Windows.ofKind(detect(underTheAgent(40, 0)), "allocation-hot-site");
        assertEquals(1, found.size(), found.toString());
        Recommendation r = found.get(0);
        assertEquals("app.Model#score", r.where(), "the woven method, not LayerChain#enter");
        assertEquals(40.0, r.gain().amount(), 1e-9);
        assertTrue(r.action().contains("most of it the agent's own dev.perfagent.agent.layer.LayeredCall"),
                r.action());
    }

    @Test
    void theAgentsOwnThreadsAllocationsNameNoSite() {
        List<Recommendation> found = detect(underTheAgent(0, 60));
        assertTrue(found.stream().noneMatch(r -> AgentFrames.isAgent(r.where())), found.toString());
        assertTrue(found.stream().noneMatch(r -> r.where().equals("java.util.Arrays#copyOf")), found.toString());
        assertFalse(found.stream().anyMatch(r -> r.action().contains("Exporter")), found.toString());
    }

    @Test
    void boxingByTheAgentIsNotTheApplications() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (int i = 0; i < 100; i++) {
            String site = i < 30 ? "dev.perfagent.agent.layer.cache.CacheLayer#enter" : "app.Cold" + (i % 10) + "#make";
            accumulator.addAllocation(List.of("java.lang.Long#valueOf", site, "java.lang.Thread#run"),
                    i < 30 ? "java.lang.Long" : "byte[]", 1024);
        }
        assertTrue(Windows.ofKind(detect(accumulator.snapshot().allocations()), "allocation-boxing").isEmpty());
    }
}
