package dev.perfagent.agent.layer.breaker;

/**
 * One state change of a breaker.
 *
 * @param from   the state before
 * @param to     the state after
 * @param reason why
 * @param window the calls that decided it (closed window or trial calls), or null when none did
 *               ({@link TransitionReason#OPEN_FOR_ELAPSED})
 */
record Transition(BreakerState from, BreakerState to, TransitionReason reason, WindowSnapshot window) {
}
