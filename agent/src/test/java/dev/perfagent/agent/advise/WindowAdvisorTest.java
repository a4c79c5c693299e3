package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.profile.ProfileWindowInfo;
import dev.perfagent.agent.profile.ProfilingEngine;
import dev.perfagent.agent.profile.SampleKind;
import dev.perfagent.agent.profile.SamplingMode;
import dev.perfagent.export.report.AdviceReport;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live sink: collapsed CPU stacks of a window in, ranked recommendations out when it ends. */
class WindowAdvisorTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    private static ProfileWindowInfo window(int n) {
        return new ProfileWindowInfo(T0.plusSeconds(60L * n), T0.plusSeconds(60L * (n + 1)), ProfilingEngine.ASYNC_PROFILER,
                SamplingMode.PERF_EVENTS, Duration.ofMillis(10), 0.4, false);
    }

    @Test
    void aWindowsHotMethodBecomesTheTopRecommendation() {
        WindowAdvisor advisor = new WindowAdvisor(Advisor.standard(AgentLog.toStderr(AgentLog.Level.WARN)),
                evidence -> List.of(), "svc", AgentLog.toStderr(AgentLog.Level.WARN));
        assertEquals("waiting", advisor.report().state());

        advisor.windowStarted(window(0).start());
        advisor.onCollapsedStacks(SampleKind.CPU, ""
                + "java/lang/Thread.run;com/example/Api.handle;com/example/HotLoop.checksum 800\n"
                + "java/lang/Thread.run;com/example/Api.handle;java/util/HashMap.get 50\n"
                + "java/lang/Thread.run;com/example/Api.idle 150\n");
        advisor.onCollapsedStacks(SampleKind.ALLOC, "java/lang/Thread.run;byte[]_[i] 3\n");
        advisor.windowEnded(window(0));

        AdviceReport report = advisor.report();
        assertEquals("ready", report.state());
        assertEquals("async-profiler", report.engine());
        assertEquals(1, report.windows());
        assertEquals(window(0).end(), report.windowEnd());
        Recommendation top = report.recommendations().get(0);
        assertEquals("hot-method", top.kind());
        assertEquals("com.example.HotLoop#checksum", top.where());
        assertTrue(report.toJson().contains("\"where\":\"com.example.HotLoop#checksum\""), report.toJson());
        assertEquals("java/lang/Thread.run;byte[]_[i] 3\n", advisor.latestStacks(SampleKind.ALLOC));

        // The next window starts from nothing: a quiet window has no findings.
        advisor.windowStarted(window(1).start());
        advisor.onCollapsedStacks(SampleKind.CPU, "java/lang/Thread.run;com/example/Api.idle 3\n");
        advisor.windowEnded(window(1));
        assertEquals(2, advisor.report().windows());
        assertTrue(advisor.report().recommendations().isEmpty(), advisor.report().toJson());
    }

    @Test
    void furtherAdviceJoinsAndAFailureOfItIsSkipped() {
        Recommendation extra = Recommendation.of("cache-worthy", Severity.WARNING, "a.B#c",
                List.of(new Evidence("shadow hit ratio", 0.8, "ratio", 0.7, 0.9)), "cache it", "cache: { max-size: 100 }",
                new PredictedGain(40, "% of calls", "-40% calls", "hit ratio"));
        WindowAdvisor advisor = new WindowAdvisor(Advisor.standard(AgentLog.toStderr(AgentLog.Level.WARN)),
                evidence -> List.of(extra), "svc", AgentLog.toStderr(AgentLog.Level.WARN));
        advisor.windowEnded(window(0));
        assertEquals(List.of(extra), advisor.report().recommendations());

        WindowAdvisor failing = new WindowAdvisor(Advisor.standard(AgentLog.toStderr(AgentLog.Level.WARN)),
                evidence -> {
                    throw new IllegalStateException("boom");
                }, "svc", AgentLog.toStderr(AgentLog.Level.ERROR));
        failing.windowEnded(window(0));
        assertEquals("ready", failing.report().state());
        assertNull(AdviceReport.off("svc").windowEnd());
    }
}
