package dev.perfagent.agent.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.ConfigLoader;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.breaker.BreakerState;
import dev.perfagent.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceReplayTest {
    private static final AgentLog LOG = AgentLog.toStderr(AgentLog.Level.ERROR);
    private static final long MS = 1_000_000L;

    static RuleConfig rule(String layers) throws Exception {
        return ConfigLoader.parse("rules:\n  - name: deps\n    match: a.B#c(..)\n" + layers, "perf-agent.yaml",
                Map.of(), Map.of()).rules().get(0);
    }

    /** Calls every 10 ms: healthy, then a dead dependency (300 ms timeouts), then healthy again. */
    static List<TraceRecord> outage() {
        List<TraceRecord> trace = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            boolean down = i >= 100 && i < 300;
            trace.add(new TraceRecord(i * 10 * MS, down ? 300 * MS : 5 * MS,
                    down ? TraceOutcome.exception("java.net.SocketTimeoutException") : TraceOutcome.SUCCESS));
        }
        return trace;
    }

    @Test
    void aBreakerOpensDuringTheOutageAndClosesAfterIt() throws Exception {
        ReplayReport report = TraceReplay.replay(rule("    circuit-breaker: { window: 20, minimum-calls: 10,"
                + " failure-rate: 50%, open-for: 1s, half-open-calls: 3 }\n"), outage(), LOG);
        assertEquals(600, report.calls());
        List<ReplayReport.Transition> transitions = report.transitions();
        assertEquals(BreakerState.OPEN, transitions.get(0).to(), report.toText());
        // The first timeouts end 300 ms after the outage began at 1 s; ten of them fill minimum-calls.
        assertTrue(transitions.get(0).offsetNanos() >= 1_300 * MS && transitions.get(0).offsetNanos() < 1_500 * MS,
                report.toText());
        assertEquals(BreakerState.CLOSED, transitions.get(transitions.size() - 1).to(), "recovers: " + report.toText());
        assertTrue(transitions.stream().anyMatch(t -> t.to() == BreakerState.HALF_OPEN), report.toText());
        long refused = report.refusedBy().get(LayerKind.CIRCUIT_BREAKER);
        assertTrue(refused > 100, report.toText());
        assertTrue(report.failuresAvoided() > 100, "most refused calls would have timed out: " + report.toText());
        assertEquals(report.refused(), report.failuresAvoided() + report.successesLost());
        assertEquals(600, report.admitted() + report.refused());
    }

    @Test
    void theSameTraceAndConfigGiveTheSameReport() throws Exception {
        RuleConfig rule = rule("    circuit-breaker: { window: 2s, minimum-calls: 5, open-for: 500ms }\n");
        assertEquals(TraceReplay.replay(rule, outage(), LOG).toJson(), TraceReplay.replay(rule, outage(), LOG).toJson());
    }

    @Test
    void aRateLimitRefusesOrMakesCallsWaitOnTheTracesClock() throws Exception {
        List<TraceRecord> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(new TraceRecord(0, MS, TraceOutcome.SUCCESS));
        }
        ReplayReport rejecting = TraceReplay.replay(rule("    rate-limit: { permits: 10, per: 1s }\n"), burst, LOG);
        assertEquals(1, rejecting.admitted());
        assertEquals(99L, rejecting.refusedBy().get(LayerKind.RATE_LIMIT));
        assertEquals(99, rejecting.successesLost());

        ReplayReport waiting = TraceReplay.replay(rule("    rate-limit: { permits: 10, per: 1s, when-limited: wait,"
                + " max-wait: 1s }\n"), burst, LOG);
        assertEquals(11, waiting.admitted(), waiting.toText());
        assertEquals(10, waiting.waited());
        assertEquals(1_000 * MS, waiting.maxWaitNanos());
    }

    @Test
    void aConcurrencyLimitSeesTheCallsInFlight() throws Exception {
        List<TraceRecord> trace = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            trace.add(new TraceRecord(i * MS, 100 * MS, TraceOutcome.SUCCESS));
        }
        trace.add(new TraceRecord(150 * MS, MS, TraceOutcome.SUCCESS));
        ReplayReport report = TraceReplay.replay(rule("    concurrency-limit: { algorithm: fixed, limit: 2,"
                + " when-limited: wait, max-wait: 1s }\n"), trace, LOG);
        assertEquals(3, report.admitted(), report.toText());
        assertEquals(8L, report.refusedBy().get(LayerKind.CONCURRENCY_LIMIT));
        assertEquals(2, report.maxInFlight());
        assertEquals(2, report.limitLast());
        assertTrue(report.notes().get(0).contains("replayed with when-limited: reject"), report.notes().toString());
    }

    @Test
    void aRuleWithoutSuchLayersIsNotReplayed() throws Exception {
        assertNull(TraceReplay.replay(rule("    time: {}\n"), outage(), LOG));
    }
}
