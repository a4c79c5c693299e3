package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScenarioTypeTest {

    @Test
    void everyScenarioRunsRequestsAndCloses() throws Exception {
        for (ScenarioType type : ScenarioType.values()) {
            try (Scenario scenario = type.create(Options.parse(type.cliName()))) {
                for (int i = 0; i < 3; i++) {
                    scenario.request();
                }
                String report = scenario.reportJson();
                assertTrue(report.isEmpty() || report.startsWith(",\""), type + ": " + report);
            }
        }
    }

    @Test
    void leakReportsWhatItHolds() throws Exception {
        try (Scenario leak = ScenarioType.LEAK.create(Options.parse("leak", "--leak-kib-per-second", "100000"))) {
            for (int i = 0; i < 10; i++) {
                leak.request();
            }
            assertEquals(",\"retainedKb\":" + 10 * SessionCache.ENTRY_BYTES / 1024, leak.reportJson());
        }
    }

    @Test
    void reentrantLockScenarioKeepsAnIdlePoolWaiting() throws Exception {
        try (Scenario scenario = ScenarioType.REENTRANT_LOCK.create(Options.parse("reentrant-lock"))) {
            long idle = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("idle-pool-") && thread.isAlive())
                    .count();
            assertTrue(idle >= ReentrantLockScenario.IDLE_POOL_THREADS, "idle pool threads: " + idle);
            scenario.request();
        }
    }
}
