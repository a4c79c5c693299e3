package dev.perfagent.agent.advise.sites;

/**
 * A circuit breaker's counts over the window.
 *
 * @param recorded calls it let through and recorded (successes, failures and slow calls, ignored ones not)
 * @param failures recorded calls that failed (slow or not)
 * @param slow recorded calls slower than its {@code slow-call}, failed or not
 * @param notPermitted calls it refused
 * @param opened transitions to OPEN (from CLOSED or HALF_OPEN)
 * @param closed transitions from HALF_OPEN back to CLOSED
 */
public record BreakerFigures(long recorded, long failures, long slow, long notPermitted, long opened,
        long closed) {
}
