package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
