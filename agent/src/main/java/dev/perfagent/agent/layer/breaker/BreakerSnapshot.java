package dev.perfagent.agent.layer.breaker;

/**
 * A breaker's state and figures at one moment, for {@code /status} and the metrics.
 *
 * @param state               the state
 * @param window              CLOSED: the sliding window; OPEN: the calls that opened it; HALF_OPEN: the trial
 *                            calls recorded so far
 * @param trialCallsInFlight  HALF_OPEN: trial calls admitted and not ended yet; otherwise 0
 * @param openRemainingNanos  OPEN: how long until trial calls may go (0 once due); otherwise 0
 */
public record BreakerSnapshot(BreakerState state, WindowSnapshot window, int trialCallsInFlight,
                              long openRemainingNanos) {
}
