package dev.perfagent.agent.profile;

/** What samples CPU. */
public enum ProfilingEngine {
    /** async-profiler's native library: no safepoint bias, native and JVM frames included. */
    ASYNC_PROFILER("async-profiler"),
    /** JFR's ExecutionSample events: Java frames only, CPU shares approximate. */
    JFR("jfr"),
    /** No CPU sampling. */
    OFF("off");

    private final String key;

    ProfilingEngine(String key) {
        this.key = key;
    }

    /** The name shown in {@code /status}. */
    public String key() {
        return key;
    }
}
