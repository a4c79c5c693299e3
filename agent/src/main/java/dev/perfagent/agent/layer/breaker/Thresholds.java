package dev.perfagent.agent.layer.breaker;

/**
 * When a window's calls open the breaker: once it holds at least {@code minimum-calls} calls, the failure
 * rate or the slow-call rate is at or above its threshold ({@code >=}, as in Resilience4j: with
 * {@code failure-rate: 50%}, 50 failures in 100 calls open it). Rates are compared as
 * {@code count * 100 >= threshold * calls} in doubles, exact for whole numbers of calls.
 */
final class Thresholds {
    /** Flag: the failure rate reached its threshold. */
    static final int FAILURE_RATE = 1;
    /** Flag: the slow-call rate reached its threshold. */
    static final int SLOW_CALL_RATE = 2;

    private final int minimumCalls;
    private final double failureRate;
    private final double slowCallRate;

    Thresholds(int minimumCalls, double failureRate, double slowCallRate) {
        this.minimumCalls = minimumCalls;
        this.failureRate = failureRate;
        this.slowCallRate = slowCallRate;
    }

    /**
     * Which thresholds a closed window's counts reach.
     *
     * @return 0 (none, or fewer calls than {@code minimum-calls}), or {@link #FAILURE_RATE} and/or
     *     {@link #SLOW_CALL_RATE}
     */
    int reached(long calls, long failures, long slow) {
        return reached(calls, failures, calls, slow);
    }

    /**
     * The same, for a window that counts failures and slow calls each against its own, consistently read,
     * number of calls (see {@link TimeWindow}).
     */
    int reached(long callsForFailures, long failures, long callsForSlow, long slow) {
        int reached = 0;
        if (callsForFailures >= minimumCalls && callsForFailures > 0
                && reaches(failures, callsForFailures, failureRate)) {
            reached |= FAILURE_RATE;
        }
        if (callsForSlow >= minimumCalls && callsForSlow > 0 && reaches(slow, callsForSlow, slowCallRate)) {
            reached |= SLOW_CALL_RATE;
        }
        return reached;
    }

    /** Which thresholds {@code failures} and {@code slow} reach out of {@code calls}, whatever their number. */
    int rates(long calls, long failures, long slow) {
        return (reaches(failures, calls, failureRate) ? FAILURE_RATE : 0)
                | (reaches(slow, calls, slowCallRate) ? SLOW_CALL_RATE : 0);
    }

    private static boolean reaches(long count, long calls, double thresholdPercent) {
        return count * 100.0 >= thresholdPercent * calls;
    }
}
