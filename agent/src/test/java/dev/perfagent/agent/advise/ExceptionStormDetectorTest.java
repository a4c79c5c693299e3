package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.Exceptions;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExceptionStormDetectorTest {
    private final ExceptionStormDetector detector = new ExceptionStormDetector();

    private List<Recommendation> counted(long count, Duration window) {
        return detector.detect(Windows.of(window).withExceptions(new Exceptions(count, 0, 0, Map.of(), Map.of())));
    }

    @Test
    void rateFollowsJmcsFiveAndTenThousandPerSecond() {
        Duration ten = Duration.ofSeconds(10);
        assertTrue(counted(9_999, ten).isEmpty());
        assertEquals(Severity.INFO, counted(10_000, ten).get(0).severity());
        assertEquals(Severity.WARNING, counted(50_000, ten).get(0).severity());
        assertEquals(Severity.CRITICAL, counted(100_000, ten).get(0).severity());
        assertTrue(counted(99, Duration.ofMillis(10)).isEmpty(), "99 throwables are no storm at any rate");
    }

    @Test
    void theThrowSiteAndTheCpuInFillInStackTraceMakeTheFinding() {
        Exceptions thrown = new Exceptions(-1, 60_000, 0, Map.of("app.Parser#parseInt", 50_000L, "app.Other#x", 10_000L),
                Map.of("java.lang.NumberFormatException", 60_000L));
        WindowEvidence evidence = Windows.of(Duration.ofSeconds(10)).withExceptions(thrown)
                .withCpu(Windows.cpu(120, "java.lang.Throwable#fillInStackTrace < app.Parser#parseInt", 880, "app.Work#run"));
        Recommendation r = detector.detect(evidence).get(0);
        assertEquals(Severity.WARNING, r.severity());
        assertEquals("app.Parser#parseInt", r.where());
        assertEquals("% CPU", r.gain().unit());
        assertEquals(12.0, r.gain().amount(), 1e-9);
        assertTrue(r.action().contains("java.lang.NumberFormatException"), r.action());
    }

    @Test
    void withoutCpuSamplesTheGainIsTheRate() {
        Recommendation r = counted(60_000, Duration.ofSeconds(10)).get(0);
        assertEquals("exceptions", r.where());
        assertEquals("exceptions/s", r.gain().unit());
        assertEquals(6000.0, r.gain().amount(), 1e-9);
    }
}
