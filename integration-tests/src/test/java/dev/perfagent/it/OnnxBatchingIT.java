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
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built-in ONNX Runtime adapter in a real JVM: the inference service's {@code onnx-small} model calls
 * {@code OrtSession#run(Map)} once per request; a two-line rule with no {@code via} makes the agent merge the
 * concurrent requests' runs, across the class-loader boundary (the agent cannot see {@code ai.onnxruntime}).
 * Every response must equal the same service's response without the agent, and {@code /metrics} must show
 * batches of more than one call.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OnnxBatchingIT {
    private static final String RUN = "ai.onnxruntime.OrtSession#run(java.util.Map)";
    private static final Map<String, String> RUN_SITE = Map.of("method", RUN, "rule", "ort");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int CLIENTS = 32;
    private static final int SEEDS_PER_ROUND = 640;
    /** The rule a user adds: no {@code via}, the agent knows how ONNX Runtime batches. */
    private static final String CONFIG = "service: inference-service\n"
            + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
            + "rules:\n"
            + "  - name: ort\n"
            + "    match: ai.onnxruntime.OrtSession#run(..)\n"
            + "    batch: { max-size: 64 }\n";

    @RegisterExtension
    final Processes processes = new Processes();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdownNow();
        clients.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static InferenceApp onnxService(Processes processes, String name, Path dir, Path config) {
        var command = InferenceApp.command();
        if (config != null) {
            command.perfAgent(config);
        }
        return InferenceApp.start(processes, name, command.args("--model", "onnx-small", "--threads", "32"), dir);
    }

    /** {@code GET /score?seed=N} for {@code count} seeds from {@code first}, {@link #CLIENTS} at a time. */
    private List<String> scoreConcurrently(InferenceApp app, int first, int count) throws Exception {
        List<Future<String>> answers = new ArrayList<>();
        for (int seed = first; seed < first + count; seed++) {
            String url = app.url("/score?seed=" + seed);
            answers.add(clients.submit(() -> Http.getOk(url).strip()));
        }
        List<String> bodies = new ArrayList<>();
        for (Future<String> answer : answers) {
            bodies.add(answer.get(60, TimeUnit.SECONDS));
        }
        return bodies;
    }

    /** One round of {@link #SEEDS_PER_ROUND} seeds on both services: every batched answer is the plain one. */
    private void scoreTheSame(InferenceApp plain, InferenceApp batched, int round) {
        int first = round * SEEDS_PER_ROUND;
        try {
            List<String> expected = scoreConcurrently(plain, first, SEEDS_PER_ROUND);
            List<String> actual = scoreConcurrently(batched, first, SEEDS_PER_ROUND);
            for (int i = 0; i < SEEDS_PER_ROUND; i++) {
                assertSameScores(expected.get(i), actual.get(i), first + i);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameScores(String expected, String actual, int seed) {
        String[] want = expected.split(",");
        String[] got = actual.split(",");
        assertEquals(want.length, got.length, "seed " + seed + ": " + actual);
        for (int i = 0; i < want.length; i++) {
            float w = Float.parseFloat(want[i]);
            float g = Float.parseFloat(got[i]);
            assertTrue(Math.abs(w - g) <= 1e-5f * Math.max(1f, Math.abs(w)),
                    "seed " + seed + ", output " + i + ": " + g + " instead of " + w);
        }
    }

    @Test
    void concurrentRunsAreMergedAndEveryResponseIsTheUnbatchedOne() throws Exception {
        Path dir = ItEnv.newDir("onnx-batching");
        Path config = TestFiles.write(dir, "perf-agent.yaml", CONFIG);
        InferenceApp plain = onnxService(processes, "inference-plain", ItEnv.newDir("onnx-plain"), null);
        InferenceApp batched = onnxService(processes, "inference-ort-batched", dir, config);
        String metricsUrl = "http://127.0.0.1:" + batched.awaitAgentPort() + "/metrics";

        // The agent weaves in the background: rounds until the merged runs show, each checked in full.
        int[] round = {0};
        PromText metrics = Poll.until("batches of more than one run", WAIT, () -> {
            scoreTheSame(plain, batched, round[0]++);
            return PromText.scrape(metricsUrl);
        }, m -> m.value("perfagent_batch_size_count", RUN_SITE).orElse(0) > 0
                && m.require("perfagent_batch_size_sum", RUN_SITE) / m.require("perfagent_batch_size_count", RUN_SITE) > 1);

        double runs = metrics.require("perfagent_batch_size_count", RUN_SITE);
        double calls = metrics.require("perfagent_batch_size_sum", RUN_SITE);
        assertTrue(calls > runs, "merged: " + calls + " calls in " + runs + " runs\n" + metrics.text());
        assertEquals(0, metrics.value("perfagent_method_errors_total", Map.of("method", RUN)).orElse(0),
                metrics.text());

        JsonNode site = site(batched, RUN);
        assertTrue(site.path("batch").path("via").asText().startsWith("onnxruntime"), site.toString());
        assertTrue(site.path("batch").path("offReason").isNull(), site.toString());
        assertTrue(site.path("batch").path("maxBatchSize").asDouble() > 1, site.toString());

        String agentLog = batched.process().stderr().text();
        assertTrue(!agentLog.contains("runs unbatched") && !agentLog.contains("fault") && !agentLog.contains("ERROR"),
                "the service's runs are all batchable and nothing failed:\n" + agentLog);
        assertTrue(batched.process().isAlive() && plain.process().isAlive(), processes.describe());
    }

    /**
     * {@code replicas: 2}: the service opens its session in its first moments, while the agent starts, and the
     * agent still sees the model (premain waits for that weaving) and opens a second session over it; batches go
     * to both, and every response is still the unbatched one.
     */
    @Test
    void aReplicaOfTheSessionOpenedAtStartRunsBatchesToo() throws Exception {
        Path dir = ItEnv.newDir("onnx-replicas");
        Path config = TestFiles.write(dir, "perf-agent.yaml", CONFIG.replace("batch: { max-size: 64 }",
                "batch: { max-size: 64, executors: { replicas: 2, strategy: round-robin } }"));
        InferenceApp plain = onnxService(processes, "inference-plain-r", ItEnv.newDir("onnx-plain-r"), null);
        InferenceApp batched = onnxService(processes, "inference-ort-replicas", dir, config);
        int[] round = {0};
        JsonNode executors = Poll.until("batches on both sessions", WAIT, () -> {
            scoreTheSame(plain, batched, round[0]++);
            return site(batched, RUN).path("batch").path("executors");
        }, e -> e.size() == 2 && e.get(0).path("batches").asLong() > 0 && e.get(1).path("batches").asLong() > 0);
        assertEquals(2, executors.size(), executors.toString());
        String agentLog = batched.process().stderr().text();
        assertTrue(!agentLog.contains("ignored for a receiver") && !agentLog.contains("ERROR"), agentLog);
    }

    private static JsonNode site(InferenceApp app, String method) {
        String statusUrl = "http://127.0.0.1:" + app.awaitAgentPort() + "/status";
        for (JsonNode site : Json.parse(Http.getOk(statusUrl)).path("sites")) {
            if (site.path("method").asText().equals(method)) {
                return site;
            }
        }
        throw new AssertionError("no site " + method + " in /status");
    }
}
