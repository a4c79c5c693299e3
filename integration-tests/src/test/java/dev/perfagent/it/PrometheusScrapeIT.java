package dev.perfagent.it;

import static dev.perfagent.it.harness.InferenceApp.SCORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.Commands;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real Prometheus server scrapes perf-agent's /metrics and answers queries on what it stored. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusScrapeIT {
    private static final int SCORES = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void prometheusScrapesTheAgentAndAnswersQueries() throws Exception {
        Path prometheus = Commands.requireOnPath("prometheus", "prometheus");
        Path dir = ItEnv.newDir("prometheus");
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(ItEnv.sampleConfig()).systemProperty("perfagent.export.http.port", "0"),
                dir);
        int agentPort = app.awaitAgentPort();

        Path config = TestFiles.write(dir, "prometheus.yml", String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: perf-agent",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + agentPort + "']",
                ""));
        String api = startPrometheus(prometheus, config, dir);

        app.score(1, SCORES);

        // Poll the query API until a scrape after the traffic is stored: every request counted.
        JsonNode calls = Poll.until("Prometheus to store " + SCORES + " calls of " + SCORE, WAIT,
                () -> seriesFor(query(api, "perfagent_method_calls_total"), SCORE),
                series -> series != null && value(series) >= SCORES);
        assertEquals(SCORES, value(calls), calls.toString());
        assertEquals("model-score", calls.path("metric").path("rule").asText(), calls.toString());
        assertEquals("perf-agent", calls.path("metric").path("job").asText(), calls.toString());
        assertEquals("127.0.0.1:" + agentPort, calls.path("metric").path("instance").asText(), calls.toString());

        JsonNode p99 = seriesFor(query(api, "perfagent_method_latency_seconds{quantile=\"0.99\"}"), SCORE);
        assertTrue(p99 != null, "no 0.99 quantile series for " + SCORE);
        double seconds = value(p99);
        assertTrue(seconds > 0 && seconds < 10, "p99 of " + SCORE + " = " + seconds + ": " + p99);

        // The target is healthy: no scrape error at all (a malformed exposition would show here).
        JsonNode targets = Json.parse(Http.getOk(api + "/api/v1/targets")).path("data").path("activeTargets");
        assertEquals(1, targets.size(), targets.toString());
        assertEquals("up", targets.get(0).path("health").asText(), targets.toString());
        assertEquals("", targets.get(0).path("lastError").asText(), targets.toString());
        JsonNode up = query(api, "up{job=\"perf-agent\"}");
        assertEquals(1.0, value(up.get(0)), up.toString());
        assertTrue(app.process().isAlive());
    }

    /**
     * Starts Prometheus on a free port and waits until it is ready; tries another port if it exits (the
     * port it was given was taken in the meantime).
     *
     * @return its base URL
     */
    private String startPrometheus(Path prometheus, Path config, Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            String api = "http://127.0.0.1:" + port;
            ManagedProcess server = processes.start("prometheus-" + attempt, List.of(prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb-" + attempt),
                    "--web.listen-address=127.0.0.1:" + port), dir);
            Poll.until("Prometheus to be ready on port " + port + " (or to exit)", WAIT,
                    () -> !server.isAlive() || ready(api));
            if (server.isAlive()) {
                return api;
            }
            if (attempt == 3) {
                throw new AssertionError("Prometheus did not start:\n" + server.describe());
            }
        }
    }

    private static boolean ready(String api) {
        try {
            return Http.tryGet(api + "/-/ready").status() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The {@code data.result} array of an instant query, asserting the query succeeded. */
    private static JsonNode query(String api, String promql) {
        JsonNode answer = Json.parse(Http.getOk(api + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: " + answer);
        }
        return answer.path("data").path("result");
    }

    private static JsonNode seriesFor(JsonNode result, String method) {
        for (JsonNode series : result) {
            if (method.equals(series.path("metric").path("method").asText())) {
                return series;
            }
        }
        return null;
    }

    /** The sample value of one instant-vector series: {@code "value": [time, "text"]}. */
    private static double value(JsonNode series) {
        return Double.parseDouble(series.path("value").get(1).asText());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
