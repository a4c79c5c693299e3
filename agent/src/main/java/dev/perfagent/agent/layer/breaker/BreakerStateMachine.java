package dev.perfagent.agent.layer.breaker;

import dev.perfagent.agent.time.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A circuit breaker's states and transitions (CLOSED, OPEN, HALF_OPEN), without knowledge of calls, layers
 * or exceptions: {@link #tryAcquire} when a call arrives, then exactly one of {@link #record} (a verdict) or
 * {@link #release} (no verdict) when it ends, passing back what {@code tryAcquire} returned.
 *
 * <p>Concurrency: the current {@link BreakerPhase} sits in one volatile field and changes by CAS, so
 * exactly one thread performs each transition and tells the {@link Listener}. In CLOSED,
 * {@code tryAcquire} is one volatile read and {@code record} a few atomic operations on the phase's
 * window: no lock, no allocation. Time comes from the {@link Ticker}, never the wall clock (Resilience4j
 * times the open state with the wall clock, which a clock step shortens or stretches). There is no timer
 * thread: due transitions (OPEN to HALF_OPEN after {@code open-for}, HALF_OPEN to OPEN after
 * {@code max-half-open}) happen on the next call, or on the next {@link #snapshot} (OPEN to HALF_OPEN
 * there only with automatic transition), so what {@code /status} shows is never stale.
 */
final class BreakerStateMachine {

    /** Told about every transition, on the thread that made it. Must not throw. */
    @FunctionalInterface
    interface Listener {
        void changed(Transition transition);
    }

    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(BreakerStateMachine.class, "phase", BreakerPhase.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CircuitBreakerSettings settings;
    private final Thresholds thresholds;
    private final Ticker ticker;
    private final Listener listener;
    private final long openForNanos;
    private final long maxHalfOpenNanos;
    @SuppressWarnings("unused") // through PHASE
    private volatile BreakerPhase phase;

    BreakerStateMachine(CircuitBreakerSettings settings, Ticker ticker, Listener listener) {
        this.settings = settings;
        this.thresholds = new Thresholds(settings.minimumCalls(), settings.failureRate(), settings.slowCallRate());
        this.ticker = ticker;
        this.listener = listener;
        this.openForNanos = settings.openFor().toNanos();
        this.maxHalfOpenNanos = settings.maxHalfOpen().toNanos();
        this.phase = closed(ticker.read());
    }

    /**
     * Asks to let a call through at {@code nowNanos}.
     *
     * @return the permit to hand to {@link #record} or {@link #release} when the call ends; null when the
     *     call is not permitted (OPEN, or HALF_OPEN with every trial permit taken)
     */
    BreakerPhase tryAcquire(long nowNanos) {
        for (;;) {
            BreakerPhase current = phase;
            if (current instanceof ClosedPhase) {
                return current;
            }
            if (current instanceof OpenPhase) {
                OpenPhase open = (OpenPhase) current;
                if (!open.elapsed(nowNanos)) {
                    return null;
                }
                halfOpen(open);
                continue;
            }
            HalfOpenPhase halfOpen = (HalfOpenPhase) current;
            if (halfOpen.overdue(nowNanos, maxHalfOpenNanos)) {
                open(halfOpen, nowNanos, TransitionReason.HALF_OPEN_TIMEOUT,
                        HalfOpenPhase.snapshot(halfOpen.counts()));
                continue;
            }
            return halfOpen.tryAcquire(nowNanos) ? halfOpen : null;
        }
    }

    /** A permitted call ended without a verdict (ignored): a trial permit goes back. */
    void release(BreakerPhase permit) {
        if (permit instanceof HalfOpenPhase) {
            ((HalfOpenPhase) permit).release();
        }
    }

    /** A permitted call ended at {@code nowNanos} with a verdict, judged by the phase that let it in. */
    void record(BreakerPhase permit, long nowNanos, boolean failure, boolean slow) {
        if (permit instanceof ClosedPhase) {
            ClosedPhase closed = (ClosedPhase) permit;
            int reached = closed.window.record(nowNanos, failure, slow);
            if (reached != 0 && phase == closed) {
                WindowSnapshot cause = closed.window.snapshot(nowNanos);
                open(closed, nowNanos, TransitionReason.opening(reached), cause);
            }
        } else if (permit instanceof HalfOpenPhase) {
            HalfOpenPhase halfOpen = (HalfOpenPhase) permit;
            decide(halfOpen, halfOpen.record(failure, slow), nowNanos);
        }
    }

    /**
     * Early decision: opens as soon as the failures (or slow calls) alone reach the threshold out of all
     * {@code half-open-calls}, closes as soon as they could not reach it even if every trial call still to
     * come failed (and was slow); with every trial call recorded one of the two always holds.
     */
    private void decide(HalfOpenPhase halfOpen, long counts, long nowNanos) {
        if (phase != halfOpen) {
            return;
        }
        int calls = halfOpen.calls;
        int failures = HalfOpenPhase.failures(counts);
        int slow = HalfOpenPhase.slow(counts);
        int reached = thresholds.rates(calls, failures, slow);
        if (reached != 0) {
            open(halfOpen, nowNanos, TransitionReason.opening(reached), HalfOpenPhase.snapshot(counts));
            return;
        }
        int remaining = calls - HalfOpenPhase.recorded(counts);
        if (thresholds.rates(calls, failures + remaining, slow + remaining) == 0) {
            transition(halfOpen, closed(nowNanos), TransitionReason.TRIAL_CALLS_PASSED,
                    HalfOpenPhase.snapshot(counts));
        } else if (halfOpen.overdue(nowNanos, maxHalfOpenNanos)) {
            open(halfOpen, nowNanos, TransitionReason.HALF_OPEN_TIMEOUT, HalfOpenPhase.snapshot(counts));
        }
    }

    /** The state now, after any transition that is due (see the class comment). */
    BreakerState state() {
        return current(ticker.read()).state();
    }

    /** The state and figures now, after any transition that is due. */
    BreakerSnapshot snapshot() {
        long now = ticker.read();
        BreakerPhase current = current(now);
        if (current instanceof ClosedPhase) {
            return new BreakerSnapshot(BreakerState.CLOSED, ((ClosedPhase) current).window.snapshot(now), 0, 0);
        }
        if (current instanceof OpenPhase) {
            OpenPhase open = (OpenPhase) current;
            return new BreakerSnapshot(BreakerState.OPEN, open.cause, 0, Math.max(0, open.until - now));
        }
        long counts = ((HalfOpenPhase) current).counts();
        return new BreakerSnapshot(BreakerState.HALF_OPEN, HalfOpenPhase.snapshot(counts),
                HalfOpenPhase.admitted(counts) - HalfOpenPhase.recorded(counts), 0);
    }

    /** How long until an open breaker lets trial calls through, 0 if it is due or not open. */
    long openRemainingNanos(long nowNanos) {
        BreakerPhase current = phase;
        return current instanceof OpenPhase ? Math.max(0, ((OpenPhase) current).until - nowNanos) : 0;
    }

    private BreakerPhase current(long nowNanos) {
        for (;;) {
            BreakerPhase current = phase;
            if (current instanceof OpenPhase && settings.automaticTransition()
                    && ((OpenPhase) current).elapsed(nowNanos)) {
                halfOpen((OpenPhase) current);
            } else if (current instanceof HalfOpenPhase
                    && ((HalfOpenPhase) current).overdue(nowNanos, maxHalfOpenNanos)) {
                HalfOpenPhase halfOpen = (HalfOpenPhase) current;
                open(halfOpen, nowNanos, TransitionReason.HALF_OPEN_TIMEOUT,
                        HalfOpenPhase.snapshot(halfOpen.counts()));
            } else {
                return current;
            }
        }
    }

    private void halfOpen(OpenPhase open) {
        transition(open, new HalfOpenPhase(settings.halfOpenCalls()), TransitionReason.OPEN_FOR_ELAPSED, null);
    }

    private void open(BreakerPhase from, long nowNanos, TransitionReason reason, WindowSnapshot cause) {
        transition(from, new OpenPhase(nowNanos + openForNanos, cause), reason, cause);
    }

    private ClosedPhase closed(long nowNanos) {
        WindowSpec window = settings.window();
        return new ClosedPhase(window.type() == WindowType.COUNT ? new CountWindow(window.calls(), thresholds)
                : new TimeWindow(window.length(), thresholds, nowNanos));
    }

    private void transition(BreakerPhase from, BreakerPhase to, TransitionReason reason, WindowSnapshot window) {
        if (PHASE.compareAndSet(this, from, to)) {
            listener.changed(new Transition(from.state(), to.state(), reason, window));
        }
    }
}
