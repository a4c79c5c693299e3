package dev.perfagent.agent.layer.breaker;

/**
 * One stay of a breaker in one state: a new object on every transition, never reused. A call remembers the
 * phase that let it in and reports its outcome to that phase, so a call that outlives its phase (permitted
 * while closed, ending after the breaker opened) cannot sway the next one, as it can in Resilience4j, where
 * it lands in whatever state is current.
 */
abstract class BreakerPhase {

    /** The state this phase is a stay in. */
    abstract BreakerState state();
}
