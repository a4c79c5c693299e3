package dev.perfagent.it;

import static dev.perfagent.it.harness.InferenceApp.SCORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.it.harness.AgentCli;
import dev.perfagent.it.harness.BackgroundTraffic;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Jcmd;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.PromText;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attaches and detaches many times in one JVM: agent class loaders, their classes and agent threads
 * must not pile up, and metaspace must not grow with every cycle.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AttachCyclesIT {
    private static final int CYCLES = 20;
    private static final int SCORES_PER_CYCLE = 3;
    private static final String AGENT_LOADER = "dev.perfagent.agent.AgentClassLoader";
    private static final String SHADED = "dev.perfagent.shaded.";
    /** One leaked agent loader holds ~10 MB of classes; 18 of them would be far above this. */
    private static final long MAX_METASPACE_GROWTH = 20L * 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void twentyAttachDetachCyclesLeaveNoLoadersThreadsOrClassesBehind() {
        Path dir = ItEnv.newDir("attach-cycles");
        Path config = TestFiles.sampleConfigOnPort0(dir);
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command().attachable(), dir);
        long pid = app.pid();

        long shadedWhileAttached = -1;
        long metaspaceAfterCycle2 = -1;
        // Requests to a woven method (HealthHandler#handle) run all the time, while its class is
        // retransformed on attach and restored on detach: none may fail.
        try (BackgroundTraffic health = BackgroundTraffic.start(app.url("/health"), 20)) {
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                AgentCli.Attached attached = AgentCli.attach(pid, config);
                assertEquals(5, attached.methods(), "cycle " + cycle);
                int seed = cycle * 100;
                app.score(seed, SCORES_PER_CYCLE);
                String metricsUrl = "http://127.0.0.1:" + attached.httpPort() + "/metrics";
                // Each new agent counts only its own cycle's calls.
                PromText metrics = Poll.until("cycle " + cycle + ": " + SCORES_PER_CYCLE + " calls", WAIT,
                        () -> PromText.scrape(metricsUrl), m -> m.calls(SCORE) >= SCORES_PER_CYCLE);
                assertEquals(SCORES_PER_CYCLE, metrics.calls(SCORE), "cycle " + cycle + "\n" + metrics.text());
                if (cycle == 1) {
                    shadedWhileAttached = Jcmd.loadedClassesStartingWith(pid, SHADED);
                    assertTrue(shadedWhileAttached > 100,
                            "one agent loads its relocated libraries: " + shadedWhileAttached);
                }
                AgentCli.detach(pid);
                assertTrue(Http.refused(attached.httpPort()), "cycle " + cycle + ": port still open after detach");
                if (cycle == 2) {
                    Jcmd.gc(pid);
                    metaspaceAfterCycle2 = Jcmd.metaspaceUsedBytes(pid);
                }
            }

            health.close();
            assertEquals(List.of(), health.failures(), "requests that failed during the cycles");
            assertTrue(health.ok() >= CYCLES, "background requests answered: " + health.ok());
        }

        // Class unloading needs full collections; give the JVM a few.
        long loaders = Poll.until("at most 2 live " + AGENT_LOADER, Duration.ofSeconds(60), () -> {
            Jcmd.gc(pid);
            return Jcmd.instances(pid, AGENT_LOADER);
        }, n -> n <= 2);
        assertTrue(loaders <= 2, loaders + " live agent class loaders after " + CYCLES + " cycles");

        long shadedAfter = Jcmd.loadedClassesStartingWith(pid, SHADED);
        assertTrue(shadedAfter <= 2 * shadedWhileAttached, "relocated classes still loaded after " + CYCLES
                + " cycles: " + shadedAfter + " (one agent loads " + shadedWhileAttached + ")");

        long metaspaceAfter = Jcmd.metaspaceUsedBytes(pid);
        long growth = metaspaceAfter - metaspaceAfterCycle2;
        assertTrue(growth < MAX_METASPACE_GROWTH, "metaspace used grew by " + growth / 1024 + " KB between cycle 2 ("
                + metaspaceAfterCycle2 / 1024 + " KB) and cycle " + CYCLES + " (" + metaspaceAfter / 1024 + " KB)");

        assertEquals(List.of(), Jcmd.agentThreads(pid), "agent threads after " + CYCLES + " detaches");
        app.assertHealthy();
        app.score(1, 2);
        assertTrue(app.process().isAlive());
    }
}
