package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.jfr.CircuitBreakerStateEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The circuit-breaker layer of one site ({@code circuit-breaker:} in a rule): stops calling a dependency
 * that fails or is slow too often, lets a few trial calls through after a while, and closes again when they
 * pass. Resilience4j's semantics and defaults, with the differences {@code docs/configuration.md} lists.
 *
 * <p>{@link #enter} asks the {@link BreakerStateMachine} for a permit (kept in the call's slot, with the
 * time in its mark); a refused call gets the {@link Fallback}'s outcome, by default a
 * {@link CallNotPermittedException}. {@link #exit} judges the call: answered without the dependency (a cache
 * hit, a refusal further in) or ignored by the {@link OutcomeClassifier}, it gives its permit back without a
 * verdict; otherwise it is a success or a failure, slow if it took longer than {@code slow-call} from this
 * layer's enter. In the closed state enter and exit take no lock and allocate nothing.
 *
 * <p>Each state change is committed as a {@link CircuitBreakerStateEvent}, counted, and logged (at most once
 * a minute per method and state). Figures and states for the exporters are read without locks.
 */
public final class CircuitBreakerLayer implements CallLayer, LayerMetrics {
    private final LayerTarget target;
    private final AgentLog log;
    private final Ticker ticker;
    private final long slowCallNanos;
    private final int halfOpenCalls;
    private final OutcomeClassifier classifier;
    private final BreakerCounters counters = new BreakerCounters();
    private final Fallback fallback;
    private final BreakerStateMachine machine;

    /**
     * @param target   the protected method
     * @param settings thresholds, window and timing
     * @param fallback what refused calls get instead of a {@code CallNotPermittedException}; a constant that
     *                 does not fit the method's return type is logged now and ignored
     * @param ticker   the only clock the breaker reads
     * @param log      for state changes and fallback problems
     */
    public CircuitBreakerLayer(LayerTarget target, CircuitBreakerSettings settings, Optional<FallbackSpec> fallback,
                               Ticker ticker, AgentLog log) {
        this.target = target;
        this.log = log;
        this.ticker = ticker;
        this.slowCallNanos = settings.slowCall().toNanos();
        this.halfOpenCalls = settings.halfOpenCalls();
        this.classifier = new OutcomeClassifier(settings.exceptions());
        this.fallback = Fallbacks.create(fallback, target, log);
        this.machine = new BreakerStateMachine(settings, ticker, this::changed);
    }

    @Override
    public LayerKind kind() {
        return LayerKind.CIRCUIT_BREAKER;
    }

    /** Its state for a call lives in the call's slots and is done with at the exit. */
    @Override
    public boolean confinesCalls() {
        return true;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        long now = call.now(ticker);
        BreakerPhase permit = machine.tryAcquire(now);
        if (permit != null) {
            call.state(permit);
            call.mark(now);
            return null;
        }
        counters.countNotPermitted();
        return fallback.refused(call, refusal(now));
    }

    @Override
    public void exit(LayeredCall call, Object returned, Throwable thrown) {
        if (!(call.state() instanceof BreakerPhase)) {
            return; // our enter failed (an agent fault the chain reported): nothing was taken
        }
        BreakerPhase permit = (BreakerPhase) call.state();
        Verdict verdict = call.servedBy().reachedMethod() ? classifier.classify(thrown) : Verdict.IGNORE;
        if (verdict == Verdict.IGNORE) {
            machine.release(permit);
            counters.countIgnored();
            return;
        }
        long now = call.now(ticker);
        boolean failure = verdict == Verdict.FAILURE;
        boolean slow = now - call.mark() > slowCallNanos;
        machine.record(permit, now, failure, slow);
        counters.countRecorded(failure, slow);
    }

    /** The state now (a due transition happens first). */
    public BreakerState state() {
        return machine.state();
    }

    /** The state and the window's figures now. */
    public BreakerSnapshot snapshot() {
        return machine.snapshot();
    }

    @Override
    public String layer() {
        return LayerKind.CIRCUIT_BREAKER.metricName();
    }

    @Override
    public List<LayerFigure> figures() {
        BreakerSnapshot snapshot = machine.snapshot();
        List<LayerFigure> figures = new ArrayList<>();
        for (BreakerState state : BreakerState.values()) {
            figures.add(new LayerFigure("state", LayerFigure.Type.GAUGE,
                    "1 for the breaker's current state, 0 for the others.", Map.of("state", state.label()),
                    state == snapshot.state() ? 1 : 0));
        }
        String calls = "Calls that reached the breaker, by outcome: success, failure, slow_success, slow_failure"
                + " (slower than slow-call), ignored (not counted), not_permitted (refused).";
        figures.add(calls(calls, "success", counters.successes()));
        figures.add(calls(calls, "failure", counters.failures()));
        figures.add(calls(calls, "slow_success", counters.slowSuccesses()));
        figures.add(calls(calls, "slow_failure", counters.slowFailures()));
        figures.add(calls(calls, "ignored", counters.ignored()));
        figures.add(calls(calls, "not_permitted", counters.notPermitted()));
        WindowSnapshot window = snapshot.window();
        // Exported as ratios (0..1), Prometheus's base unit for a share; the window and the config keep percent.
        figures.add(LayerFigure.gauge("failure_rate_ratio", "Failed calls as a share (0 to 1) of the calls in the"
                + " window (closed: sliding window; open: the calls that opened it; half-open: the trial calls).",
                window.failureRate() / 100));
        figures.add(LayerFigure.gauge("slow_call_rate_ratio", "Slow calls as a share (0 to 1) of the calls in the"
                + " window (closed: sliding window; open: the calls that opened it; half-open: the trial calls).",
                window.slowCallRate() / 100));
        figures.add(LayerFigure.gauge("window_calls", "Calls in the window the rates are taken over.",
                window.calls()));
        String transitions = "State changes of the breaker, by from and to state.";
        figures.add(transition(transitions, BreakerState.CLOSED, BreakerState.OPEN));
        figures.add(transition(transitions, BreakerState.OPEN, BreakerState.HALF_OPEN));
        figures.add(transition(transitions, BreakerState.HALF_OPEN, BreakerState.CLOSED));
        figures.add(transition(transitions, BreakerState.HALF_OPEN, BreakerState.OPEN));
        return figures;
    }

    /**
     * {@code state} (CLOSED, OPEN, HALF_OPEN); when OPEN, {@code open_remaining_nanos}: how long from now until
     * trial calls may go; when HALF_OPEN, {@code trial_calls_in_flight}.
     */
    @Override
    public Map<String, String> states() {
        BreakerSnapshot snapshot = machine.snapshot();
        Map<String, String> states = new LinkedHashMap<>();
        states.put("state", snapshot.state().name());
        if (snapshot.state() == BreakerState.OPEN) {
            states.put("open_remaining_nanos", Long.toString(snapshot.openRemainingNanos()));
        } else if (snapshot.state() == BreakerState.HALF_OPEN) {
            states.put("trial_calls_in_flight", Integer.toString(snapshot.trialCallsInFlight()));
        }
        return states;
    }

    private CallNotPermittedException refusal(long nowNanos) {
        long remaining = machine.openRemainingNanos(nowNanos);
        String breaker = "circuit breaker of rule '" + target.rule() + "' on " + target.method();
        if (remaining > 0) {
            return new CallNotPermittedException(breaker + " is OPEN; calls are refused for about another "
                    + approximately(remaining));
        }
        return new CallNotPermittedException(breaker + " is HALF_OPEN and its " + halfOpenCalls
                + " trial calls are taken; calls are refused until they decide");
    }

    private void changed(Transition transition) {
        counters.countTransition(transition.from(), transition.to());
        WindowSnapshot window = transition.window();
        CircuitBreakerStateEvent.emit(transition.from().name(), transition.to().name(), target.method(),
                target.rule(), transition.reason().key(),
                window == null ? Double.NaN : window.failureRate(),
                window == null ? Double.NaN : window.slowCallRate(),
                window == null ? 0 : (int) Math.min(Integer.MAX_VALUE, window.calls()));
        String figures = window == null ? "" : String.format(Locale.ROOT,
                " (failures %.1f%%, slow %.1f%% of %d calls)", window.failureRate(), window.slowCallRate(),
                window.calls());
        log.rateLimited(AgentLog.Level.INFO, "circuit-breaker " + target.method() + " " + transition.to(),
                "circuit breaker of rule '" + target.rule() + "' on " + target.method() + ": " + transition.from()
                        + " -> " + transition.to() + ", " + transition.reason().key() + figures);
    }

    private static LayerFigure calls(String help, String outcome, long value) {
        return new LayerFigure("calls", LayerFigure.Type.COUNTER, help, Map.of("outcome", outcome), value);
    }

    private LayerFigure transition(String help, BreakerState from, BreakerState to) {
        return new LayerFigure("transitions", LayerFigure.Type.COUNTER, help,
                Map.of("from", from.label(), "to", to.label()), counters.transitions(from, to));
    }

    /** {@code 42s}, {@code 3.5s}, {@code 250ms}: enough to tell a person roughly when. */
    static String approximately(long nanos) {
        if (nanos >= 10_000_000_000L) {
            return (nanos + 500_000_000L) / 1_000_000_000L + "s";
        }
        if (nanos >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
        }
        return Math.max(1, (nanos + 500_000L) / 1_000_000L) + "ms";
    }
}
