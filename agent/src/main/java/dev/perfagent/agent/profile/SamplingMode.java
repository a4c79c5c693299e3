package dev.perfagent.agent.profile;

/** How CPU samples are taken. */
public enum SamplingMode {
    /**
     * async-profiler on perf_events (the kernel's CPU clock): kernel frames too, but one perf event per thread,
     * switched at every context switch, which a busy server pays for.
     */
    PERF_EVENTS("perf_events", "cpu"),
    /** async-profiler on per-thread CPU timers (timer_create): Java and native frames, no kernel ones. */
    CTIMER("ctimer", "ctimer"),
    /** async-profiler on setitimer(ITIMER_PROF): one process-wide timer, the last resort. */
    ITIMER("itimer", "itimer"),
    /** JFR's execution sampler. */
    JFR("jfr", null),
    /** No CPU sampling. */
    NONE("none", null);

    private final String key;
    private final String asyncEvent;

    SamplingMode(String key, String asyncEvent) {
        this.key = key;
        this.asyncEvent = asyncEvent;
    }

    /** The name shown in {@code /status}. */
    public String key() {
        return key;
    }

    /** async-profiler's event name for this mode, or null when async-profiler is not involved. */
    String asyncEvent() {
        return asyncEvent;
    }
}
