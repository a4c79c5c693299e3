package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.PromText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code gpu: auto} (the default) in a real JVM with the real perf-agent.jar: on a machine without CUDA the
 * agent tries the JavaCPP presets on its own thread, stays on the CPU with one log line that says why (no
 * stack trace), and exports the CPU device as {@code perfagent_gpu_*} gauges and under {@code gpu} in
 * {@code /status}. On a machine with a CUDA 13 driver and runtime it checks the CUDA devices instead.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GpuIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void autoEndsOnTheCpuWithOneLineAndExportsTheDevice() throws Exception {
        Path dir = ItEnv.newDir("gpu");
        InferenceApp app = InferenceApp.start(processes, "inference-service-gpu",
                InferenceApp.command().perfAgent(ItEnv.sampleConfig())
                        .systemProperty("perfagent.export.http.port", "0")
                        .systemProperty("perfagent.gpu.period", "200ms"), dir);
        int agentPort = app.awaitAgentPort();
        String line = app.process().awaitStderr("\\[perf-agent\\] \\S+ (INFO|ERROR) gpu: .*", WAIT).group();
        String statusUrl = "http://127.0.0.1:" + agentPort + "/status";
        JsonNode gpu = Poll.until("/status lists the devices", WAIT, () -> Json.parse(Http.getOk(statusUrl)).get("gpu"),
                g -> g != null && g.get("devices").size() > 0);
        String stderr = app.process().stderr().text();
        assertEquals(1, app.process().stderr().matching(Pattern.compile(" gpu: ")).size(), stderr);
        assertTrue(stderr.lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), stderr);
        // JavaCPP's own warnings (a missing version file, say) would land on the host's stderr: none.
        assertTrue(stderr.lines().noneMatch(l -> l.startsWith("Warning") || l.contains("bytedeco")), stderr);
        assertEquals("auto", gpu.get("mode").asText());

        String kind = gpu.get("accelerator").asText();
        if (kind.equals("cpu")) {
            assertTrue(line.matches("\\[perf-agent\\] \\S+ INFO gpu: no CUDA \\([^()]*(\\([^()]*\\))?[^()]*\\): the CPU"
                    + " instead; cpu0: .+, \\d+ cores, [0-9.]+ GiB"), line);
            assertTrue(gpu.get("reason").asText().startsWith("no CUDA ("), gpu.toString());
            JsonNode cpu = gpu.get("devices").get(0);
            assertEquals("cpu", cpu.get("kind").asText());
            assertEquals(Runtime.getRuntime().availableProcessors(), cpu.get("cores").asInt(), gpu.toString());
            assertTrue(cpu.get("totalMemoryBytes").asLong() > 0, gpu.toString());
            assertEquals("direct", gpu.get("stagingPool").get("memory").asText());
        } else {
            assertEquals("cuda", kind, gpu.toString());
            assertTrue(line.contains(" INFO gpu: CUDA: "), line);
            assertEquals("pinned", gpu.get("stagingPool").get("memory").asText());
        }

        String metricsUrl = "http://127.0.0.1:" + agentPort + "/metrics";
        Map<String, String> device = Map.of("kind", kind, "index", "0");
        PromText metrics = Poll.until("perfagent_gpu_* in /metrics", WAIT, () -> PromText.scrape(metricsUrl),
                m -> m.value("perfagent_gpu_memory_used_bytes", device).isPresent());
        assertTrue(metrics.require("perfagent_gpu_memory_used_bytes", device) > 0, metrics.text());
        assertTrue(metrics.require("perfagent_gpu_memory_total_bytes", device)
                >= metrics.require("perfagent_gpu_memory_used_bytes", device), metrics.text());
        List<PromText.Sample> utilization = metrics.find("perfagent_gpu_utilization_ratio", device);
        assertEquals(1, utilization.size(), metrics.text());
        assertTrue(!utilization.get(0).label("name").isBlank(), metrics.text());
        if (kind.equals("cpu")) {
            assertTrue(metrics.find("perfagent_gpu_temperature_celsius", device).isEmpty(), metrics.text());
        }
    }
}
