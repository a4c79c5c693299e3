package dev.perfagent.agent.layer.breaker;

/** Why a breaker changed state; the key goes into the JFR event and the log. */
enum TransitionReason {
    /** The failure rate reached its threshold (in the closed window, or among the trial calls). */
    FAILURE_RATE("failure-rate"),
    /** The slow-call rate reached its threshold. */
    SLOW_CALL_RATE("slow-call-rate"),
    /** Both rates reached their thresholds. */
    FAILURE_AND_SLOW_CALL_RATE("failure-rate+slow-call-rate"),
    /** {@code open-for} passed: trial calls may go. */
    OPEN_FOR_ELAPSED("open-for-elapsed"),
    /** The trial calls stayed below both thresholds. */
    TRIAL_CALLS_PASSED("trial-calls-passed"),
    /** The trial calls did not decide within {@code max-half-open}. */
    HALF_OPEN_TIMEOUT("max-half-open-elapsed");

    private final String key;

    TransitionReason(String key) {
        this.key = key;
    }

    /** The reason as written in events and logs. */
    String key() {
        return key;
    }

    /** The reason for opening, from {@link Thresholds} flags (at least one set). */
    static TransitionReason opening(int reached) {
        if (reached == (Thresholds.FAILURE_RATE | Thresholds.SLOW_CALL_RATE)) {
            return FAILURE_AND_SLOW_CALL_RATE;
        }
        return reached == Thresholds.SLOW_CALL_RATE ? SLOW_CALL_RATE : FAILURE_RATE;
    }
}
