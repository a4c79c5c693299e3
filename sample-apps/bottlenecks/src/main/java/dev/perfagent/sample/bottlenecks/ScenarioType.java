package dev.perfagent.sample.bottlenecks;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The scenarios by command-line name, each with its default thread count and how to build it. */
enum ScenarioType {
    CPU_HOT_LOOP("cpu-hot-loop", 4),
    MONITOR_CONVOY("monitor-convoy", 16),
    REENTRANT_LOCK("reentrant-lock", 16),
    ALLOC_CHURN("alloc-churn", 2),
    SLOW_SOCKET("slow-socket", 8),
    LEAK("leak", 1),
    EXCEPTION_STORM("exception-storm", 4),
    REPEATED_CALLS("repeated-calls", 4),
    SINGLE_CALLS("single-calls", 16),
    HEALTHY("healthy", 4);

    private final String cliName;
    private final int defaultThreads;

    ScenarioType(String cliName, int defaultThreads) {
        this.cliName = cliName;
        this.defaultThreads = defaultThreads;
    }

    String cliName() {
        return cliName;
    }

    int defaultThreads() {
        return defaultThreads;
    }

    /** A new, running instance of this scenario (servers and helper threads started). */
    Scenario create(Options options) throws Exception {
        return switch (this) {
            case CPU_HOT_LOOP -> new CpuHotLoopScenario();
            case MONITOR_CONVOY -> new MonitorConvoyScenario();
            case REENTRANT_LOCK -> new ReentrantLockScenario();
            case ALLOC_CHURN -> new AllocChurnScenario();
            case SLOW_SOCKET -> new SlowSocketScenario();
            case LEAK -> new LeakScenario(options.leakKibPerSecond());
            case EXCEPTION_STORM -> new ExceptionStormScenario();
            case REPEATED_CALLS -> new RepeatedCallsScenario();
            case SINGLE_CALLS -> new SingleCallsScenario();
            case HEALTHY -> new HealthyScenario();
        };
    }

    static Optional<ScenarioType> byCliName(String name) {
        return Arrays.stream(values()).filter(type -> type.cliName.equals(name)).findFirst();
    }

    /** {@code cpu-hot-loop|monitor-convoy|...}, for the usage line. */
    static String cliNames() {
        return Arrays.stream(values()).map(ScenarioType::cliName).collect(Collectors.joining("|"));
    }
}
