package dev.perfagent.it;

import static dev.perfagent.it.harness.InferenceApp.HEALTH_HANDLER;
import static dev.perfagent.it.harness.InferenceApp.INFO_HANDLER;
import static dev.perfagent.it.harness.InferenceApp.SCORE;
import static dev.perfagent.it.harness.InferenceApp.SCORE_BATCH;
import static dev.perfagent.it.harness.InferenceApp.SCORING_HANDLER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.CommandResult;
import dev.perfagent.it.harness.Commands;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.PromText;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** perf-agent loaded with {@code -javaagent} at start-up: the app serves, and the agent times and exports. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StartupIT {
    private static final int SCORES = 25;
    private static final int HEALTH_CHECKS = 3;
    private static final int INFOS = 2;
    private static final Set<String> SITES = Set.of(SCORE, SCORE_BATCH, SCORING_HANDLER, HEALTH_HANDLER, INFO_HANDLER);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void timesTheSampleServiceAndExportsMetricsAndStatus() throws Exception {
        Path dir = ItEnv.newDir("startup");
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(ItEnv.sampleConfig()).systemProperty("perfagent.export.http.port", "0"),
                dir);

        // Port 0 (from the override): the log names the real port, which is then the one in the "started" line.
        int agentPort = app.awaitAgentPort();
        assertTrue(agentPort > 0 && agentPort != 9464, "agent port " + agentPort);
        String started = app.process().awaitStderr("INFO started \\(premain\\) for service .*", WAIT).group();
        assertEquals("INFO started (premain) for service 'inference-service' with 3 rule(s) from " + ItEnv.sampleConfig()
                + "; 5 site(s) woven so far; metrics at http://127.0.0.1:" + agentPort + "/metrics", started);

        app.score(1, SCORES);
        for (int i = 0; i < HEALTH_CHECKS; i++) {
            app.assertHealthy();
        }
        for (int i = 0; i < INFOS; i++) {
            assertTrue(Http.getOk(app.url("/info")).contains("\"layers\""));
        }

        String metricsUrl = "http://127.0.0.1:" + agentPort + "/metrics";
        // A handler's call ends after its response was sent: poll until the last ones are counted.
        PromText metrics = Poll.until("all requests counted in /metrics", WAIT, () -> PromText.scrape(metricsUrl),
                m -> m.calls(SCORE) >= SCORES && m.calls(SCORING_HANDLER) >= SCORES
                        && m.calls(HEALTH_HANDLER) >= HEALTH_CHECKS && m.calls(INFO_HANDLER) >= INFOS);
        assertEquals(SCORES, metrics.calls(SCORE), metrics.text());
        assertEquals(SCORES, metrics.calls(SCORING_HANDLER), metrics.text());
        assertEquals(HEALTH_CHECKS, metrics.calls(HEALTH_HANDLER), metrics.text());
        assertEquals(INFOS, metrics.calls(INFO_HANDLER), metrics.text());
        assertEquals(0, metrics.calls(SCORE_BATCH), "the server never calls scoreBatch\n" + metrics.text());
        assertEquals("model-score",
                metrics.one("perfagent_method_calls_total", Map.of("method", SCORE)).orElseThrow().label("rule"));

        // The latency summary of MlpModel#score: quantiles over the recent window, count and sum.
        Map<String, String> score = Map.of("method", SCORE, "rule", "model-score");
        double previous = 0;
        for (String q : List.of("0.5", "0.9", "0.99", "0.999")) {
            Map<String, String> labels = new HashMap<>(score);
            labels.put("quantile", q);
            double seconds = metrics.require("perfagent_method_latency_seconds", labels);
            assertTrue(seconds > 0 && seconds < 10, "quantile " + q + " = " + seconds);
            assertTrue(seconds >= previous, "quantiles must not decrease: " + q + " = " + seconds + " < " + previous);
            previous = seconds;
        }
        assertEquals(SCORES, metrics.require("perfagent_method_latency_seconds_count", score));
        double sum = metrics.require("perfagent_method_latency_seconds_sum", score);
        assertTrue(sum > 0 && sum < SCORES * 10.0, "sum " + sum);
        assertEquals(0, metrics.require("perfagent_method_errors_total", score));
        assertEquals(0.05, metrics.require("perfagent_method_slo_seconds", score), 1e-9);
        assertTrue(metrics.require("perfagent_method_slo_violations_total", score) >= 0);

        // Self metrics.
        assertEquals(5, metrics.require("perfagent_agent_sites", Map.of()));
        assertEquals(4, metrics.require("perfagent_agent_woven_classes", Map.of()));
        assertEquals(0, metrics.require("perfagent_agent_faults_total", Map.of()));
        assertTrue(metrics.require("perfagent_agent_weave_seconds_total", Map.of()) > 0);
        assertEquals(1, metrics.require("perfagent_agent_info", Map.of("mode", "premain")));

        // The exposition is valid for Prometheus' own checker, without a single complaint.
        Path promtool = Commands.requireOnPath("promtool", "prometheus");
        CommandResult check = Commands.run(List.of(promtool.toString(), "check", "metrics"), WAIT, metrics.text());
        assertEquals(0, check.exitCode(), check.describe());
        assertEquals("", (check.stdout() + check.stderr()).strip(), check.describe());

        // /status: the 5 sites with their calls, and the agent's own figures.
        JsonNode status = Json.parse(Http.getOk("http://127.0.0.1:" + agentPort + "/status"));
        assertEquals("inference-service", status.path("service").asText());
        assertEquals("premain", status.path("startMode").asText());
        assertEquals(app.pid(), status.path("pid").asLong());
        Map<String, JsonNode> sites = new HashMap<>();
        for (JsonNode site : status.path("sites")) {
            assertTrue(site.hasNonNull("id") && site.hasNonNull("rule"), site.toString());
            assertEquals("[\"time\"]", site.path("layers").toString(), site.toString());
            assertEquals(0, site.path("errors").asLong(), site.toString());
            sites.put(site.path("method").asText(), site);
        }
        assertEquals(SITES, sites.keySet(), status.toPrettyString());
        assertEquals(5, status.path("sites").size());
        assertEquals(SCORES, sites.get(SCORE).path("calls").asLong());
        assertEquals(SCORES, sites.get(SCORING_HANDLER).path("calls").asLong());
        assertEquals(HEALTH_CHECKS, sites.get(HEALTH_HANDLER).path("calls").asLong());
        assertEquals(INFOS, sites.get(INFO_HANDLER).path("calls").asLong());
        assertEquals(0, sites.get(SCORE_BATCH).path("calls").asLong());
        assertEquals("model-score", sites.get(SCORE).path("rule").asText());
        assertEquals("http-handlers", sites.get(HEALTH_HANDLER).path("rule").asText());
        assertTrue(sites.get(SCORE).path("p50Ms").asDouble() > 0, sites.get(SCORE).toString());
        assertTrue(sites.get(SCORE_BATCH).path("p50Ms").isNull(), "no calls, no percentile: " + sites.get(SCORE_BATCH));
        assertEquals(50.0, sites.get(SCORE).path("sloMs").asDouble(), 1e-9);
        JsonNode self = status.path("self");
        assertEquals(4, self.path("wovenClasses").asInt(), self.toString());
        assertEquals(5, self.path("sites").asInt(), self.toString());
        assertEquals(0, self.path("faults").asLong(), self.toString());
        assertTrue(self.path("weaveNanos").asLong() > 0, self.toString());
        assertEquals("127.0.0.1:" + agentPort, self.path("httpAddress").asText());
        assertTrue(status.path("notes").toString().contains("state: running"), status.toPrettyString());

        // The agent's HTTP exports never reach the app's own server, and the app still answers.
        assertNotEquals(app.port(), agentPort);
        app.assertHealthy();
        assertTrue(app.process().isAlive());
    }

    @Test
    void portZeroInTheConfigFileLogsTheRealPort() {
        Path dir = ItEnv.newDir("startup-port0");
        Path config = TestFiles.sampleConfigOnPort0(dir);
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(config), dir);
        int agentPort = app.awaitAgentPort();
        app.process().awaitStderr("INFO started \\(premain\\) .*; metrics at http://127\\.0\\.0\\.1:" + agentPort
                + "/metrics$", WAIT);
        app.score(1, 3);
        PromText metrics = Poll.until("3 calls of MlpModel#score", WAIT,
                () -> PromText.scrape("http://127.0.0.1:" + agentPort + "/metrics"), m -> m.calls(SCORE) >= 3);
        assertEquals(3, metrics.calls(SCORE));
        assertEquals(1, app.process().stderr().matching(Pattern.compile("bound to http://")).size());
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheLogGoesToTheConfiguredFile() {
        Path dir = ItEnv.newDir("startup-env");
        Path log = dir.resolve("agent.log");
        // The file says port 9464; PERFAGENT_EXPORT_HTTP_PORT=0 must win (environment > file).
        Path config = TestFiles.write(dir, "perf-agent.yaml", String.join("\n",
                "service: env-override",
                "log: { file: " + log + " }",
                "export:",
                "  http: { port: 9464 }",
                "rules:",
                "  - name: model-score",
                "    match: " + SCORE,
                "    time: {}",
                ""));
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command().perfAgent(config),
                dir, Map.of("PERFAGENT_EXPORT_HTTP_PORT", "0"));
        String line = Poll.until("the agent's log file to name its port", WAIT,
                () -> TestFiles.readIfExists(log),
                text -> text.contains("bound to http://127.0.0.1:") && text.contains(" started (premain)"));
        Matcher port = Pattern
                .compile("HTTP exports bound to http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
        assertTrue(port.find(), line);
        int agentPort = Integer.parseInt(port.group(1));
        assertNotEquals(9464, agentPort);
        app.score(1, 2);
        PromText metrics = Poll.until("2 calls", WAIT,
                () -> PromText.scrape("http://127.0.0.1:" + agentPort + "/metrics"), m -> m.calls(SCORE) >= 2);
        assertEquals(2, metrics.calls(SCORE));
        assertEquals(List.of(), app.process().stderr().matching(Pattern.compile("\\[perf-agent\\]")),
                "with log.file set, nothing of the agent's goes to stderr:\n" + app.process().describe());
    }

    @Test
    void theAgentDoesNotKeepAFinishedApplicationAlive() {
        Path dir = ItEnv.newDir("startup-exit");
        Path config = TestFiles.write(dir, "conflict.yaml", String.join("\n",
                "service: conflict-app", "export: { http: { port: 0 } }", "rules:",
                "  - name: workload", "    match: dev.perfagent.sample.conflict.Workload#work(int)", "    time: {}", ""));
        ManagedProcess app = processes.start("conflict-app",
                JvmCommand.create().perfAgent(config).jar(ItEnv.conflictJar()).args("--rounds", "80"), dir);
        // The agent is fully up (HTTP server and control loop threads running) before the app is done...
        app.awaitStderr("INFO started \\(premain\\) for service 'conflict-app' with 1 rule\\(s\\)", WAIT);
        // ...and its threads, all daemons, do not hold the JVM when main returns.
        assertEquals(0, app.awaitExit(WAIT), app.describe());
        app.awaitStdout("^conflict-app: done \\(workload checksum \\d+\\)$", WAIT);
    }
}
