package dev.perfagent.agent.simulate;

import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.breaker.BreakerState;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Replays a trace through one rule's layers, as a discrete-event simulation on a {@link TraceClock}: each
 * recorded call arrives at its time and meets the layers; one they let through "runs" for its recorded
 * latency and ends with its recorded outcome, in time order with the arrivals, so a concurrency limit sees
 * the calls in flight and a breaker sees the outcomes when they happened. A call the layers refuse never
 * runs: the report counts whether it would have failed (a failure avoided) or succeeded (a success lost).
 *
 * <p>Deterministic: the same trace and config give the same report.
 */
public final class TraceReplay {

    private record Running(long endNanos, long seq, LayeredCall call, TraceRecord record) {
    }

    private TraceReplay() {
    }

    /** Replays {@code trace} through the layers of {@code rule}; null when the rule has none a trace can drive. */
    public static ReplayReport replay(RuleConfig rule, List<TraceRecord> trace, AgentLog log) {
        TraceClock clock = new TraceClock();
        ReplayLayers layers = new ReplayLayers(rule, clock, log);
        if (layers.isEmpty()) {
            return null;
        }
        LayerChain chain = new LayerChain(layers.layers(), fault -> {
            throw new IllegalStateException("a layer failed during the replay", fault);
        }, clock);
        ReplayReport.Builder report = new ReplayReport.Builder(rule.name(), layers.notes());
        PriorityQueue<Running> running = new PriorityQueue<>((a, b) -> a.endNanos() != b.endNanos()
                ? Long.compare(a.endNanos(), b.endNanos()) : Long.compare(a.seq(), b.seq()));
        long seq = 0;
        BreakerState state = layers.breaker() == null ? null : layers.breaker().state();
        for (TraceRecord record : trace) {
            finishUntil(running, record.offsetNanos(), clock, report);
            moveTo(clock, record.offsetNanos());
            state = noteTransition(layers, state, clock, report);
            Object entered = chain.enter(null, new Object[0], clock.read());
            LayerKind answeredBy = layers.takeAnsweredBy();
            // A rate limit that made the call wait moved the call's clock, not the replay's: it runs from then.
            long waited = clock.settle();
            if (entered instanceof LayeredCall) {
                LayeredCall call = (LayeredCall) entered;
                long startedAt = clock.offsetNanos() + waited;
                report.admitted(waited);
                running.add(new Running(startedAt + record.latencyNanos(), seq++, call, record));
                if (layers.concurrencyLimit() != null) {
                    report.limit(layers.concurrencyLimit().limiter().limit(),
                            layers.concurrencyLimit().limiter().inFlight());
                }
            } else {
                report.refused(answeredBy, ((Outcome) entered).thrown() == null, record.outcome().isSuccess());
            }
            state = noteTransition(layers, state, clock, report);
        }
        finishUntil(running, Long.MAX_VALUE, clock, report);
        noteTransition(layers, state, clock, report);
        chain.close();
        return report.build();
    }

    /** Ends, in time order, the running calls due by {@code until}. */
    private static void finishUntil(PriorityQueue<Running> running, long until, TraceClock clock,
                                    ReplayReport.Builder report) {
        while (!running.isEmpty() && running.peek().endNanos() <= until) {
            Running done = running.poll();
            moveTo(clock, done.endNanos());
            Throwable thrown = done.record().outcome().isSuccess() ? null : TraceFailures.of(done.record().outcome());
            done.call().exit(null, thrown, clock.read());
            report.finished(done.record().outcome().isSuccess());
        }
    }

    private static void moveTo(TraceClock clock, long offsetNanos) {
        clock.advanceTo(Math.max(offsetNanos, clock.offsetNanos()));
    }

    private static BreakerState noteTransition(ReplayLayers layers, BreakerState before, TraceClock clock,
                                               ReplayReport.Builder report) {
        if (layers.breaker() == null) {
            return null;
        }
        BreakerState now = layers.breaker().state();
        if (now != before) {
            report.transition(clock.offsetNanos(), before, now);
        }
        return now;
    }
}
