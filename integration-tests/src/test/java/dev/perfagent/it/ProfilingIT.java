package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inference service under {@code -javaagent} with a {@code profiling:} section: async-profiler loads
 * from perf-agent.jar (its one.profiler classes hidden in the agent's class loader), windows complete,
 * and {@code /status} shows the engine, its mode and the last window's samples and JFR events.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProfilingIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void statusShowsTheEngineItsModeAndACompletedWindowWithCpuSamples() throws Exception {
        Path dir = ItEnv.newDir("profiling");
        Path nativeDir = dir.resolve("native");
        Path config = TestFiles.sampleConfigOnPort0(dir);
        Files.writeString(config, Files.readString(config) + "\nprofiling:\n  window: 2s\n  native-dir: " + nativeDir
                + "\n");
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(config), dir);
        String status = "http://127.0.0.1:" + app.awaitAgentPort() + "/status";

        AtomicInteger seed = new AtomicInteger();
        JsonNode profiling = Poll.until("a completed profiling window with CPU samples in /status", WAIT, () -> {
            app.score(seed.addAndGet(10), 5);
            return Json.parse(Http.getOk(status)).path("profiling");
        }, p -> p.path("windows").asLong() >= 1 && p.path("lastWindowSamples").path("cpu").asLong() > 0);

        assertEquals("async-profiler", profiling.path("engine").asText(), profiling.toString());
        // Root on the test machines: perf_events allowed. Elsewhere ctimer or itimer would be honest answers too.
        assertTrue(profiling.path("mode").asText().matches("perf_events|ctimer|itimer"), profiling.toString());
        assertFalse(profiling.path("cpuSharesApproximate").asBoolean(), profiling.toString());
        assertEquals(10.0, profiling.path("intervalMs").asDouble(), profiling.toString());
        assertEquals(2.0, profiling.path("windowSeconds").asDouble(), profiling.toString());
        assertTrue(profiling.path("lastOverheadPercent").isNumber(), profiling.toString());
        assertTrue(profiling.path("lastError").isNull(), profiling.toString());
        assertTrue(profiling.path("lastWindowEnd").isTextual(), profiling.toString());

        JsonNode withEvents = Poll.until("JFR CPU load events in a window", WAIT,
                () -> Json.parse(Http.getOk(status)).path("profiling"),
                p -> p.path("lastWindowEvents").path("jdk.CPULoad").asLong() > 0);
        assertTrue(withEvents.path("lastWindowEvents").size() > 0, withEvents.toString());

        try (var files = Files.list(nativeDir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("libasyncProfiler-[0-9a-f]{16}\\.so")),
                    "library extracted to " + nativeDir);
        }
        app.assertHealthy();

        // async-profiler writes its messages to a log beside the library, never into the application's stdout:
        // at the JVM's exit it says "Profiling stopped after N seconds", which used to land on the host's stdout.
        long pid = app.pid();
        app.process().terminate(Duration.ofSeconds(30));
        assertEquals(1, app.process().stdout().size(), app.process().describe());
        assertTrue(app.process().stdout().snapshot().get(0).startsWith("inference-service listening on"),
                app.process().describe());
        Path profilerLog = nativeDir.resolve("async-profiler-" + pid + ".log");
        assertTrue(Files.readString(profilerLog).contains("Profiling stopped"), profilerLog.toString());
    }
}
