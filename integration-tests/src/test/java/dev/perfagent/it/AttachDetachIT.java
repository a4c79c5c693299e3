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
import dev.perfagent.it.harness.AgentCli;
import dev.perfagent.it.harness.CommandResult;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Jcmd;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.PromText;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runtime attach into a running JVM, status, a refused second attach, detach, and attach again. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AttachDetachIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> SITES = Set.of(SCORE, SCORE_BATCH, SCORING_HANDLER, HEALTH_HANDLER, INFO_HANDLER);
    /** A row of the status table: SITE RULE CALLS ERRORS SLO-MISS P50 P99 P999 SLO METHOD. */
    private static final Pattern STATUS_ROW = Pattern.compile(
            "^(\\d+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$");

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void attachStatusDetachAndAttachAgain() {
        Path dir = ItEnv.newDir("attach-detach");
        // The target's own -D still overrides the config file's port 9464 when the agent is attached.
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().attachable().systemProperty("perfagent.export.http.port", "0"), dir);
        long pid = app.pid();
        assertEquals(List.of(), Jcmd.agentThreads(pid), "no agent yet");

        // attach
        AgentCli.Attached attached = AgentCli.attach(pid, ItEnv.sampleConfig());
        assertEquals(pid, attached.pid());
        assertEquals(5, attached.methods());
        assertEquals(4, attached.classes());
        int port = attached.httpPort();
        assertNotEquals(9464, port, "the target's -Dperfagent.export.http.port=0 must win over the file");
        String metricsUrl = "http://127.0.0.1:" + port + "/metrics";

        app.score(1, 10);
        PromText metrics = Poll.until("10 calls of " + SCORE, WAIT, () -> PromText.scrape(metricsUrl),
                m -> m.calls(SCORE) >= 10 && m.calls(SCORING_HANDLER) >= 10);
        assertEquals(10, metrics.calls(SCORE), metrics.text());
        assertEquals(1, metrics.require("perfagent_agent_info", Map.of("mode", "attach")));
        assertEquals(5, metrics.require("perfagent_agent_sites", Map.of()));

        // status (table)
        CommandResult status = AgentCli.run("status", Long.toString(pid));
        assertEquals(0, status.exitCode(), status.describe());
        assertTrue(status.stdout().startsWith("perf-agent "), status.describe());
        assertTrue(status.stdout().contains(" in pid " + pid + " (attach since "), status.describe());
        assertTrue(status.stdout().contains("5 method(s) woven in 4 class(es); agent faults 0;"), status.describe());
        assertTrue(status.stdout().contains("HTTP http://127.0.0.1:" + port + "/"), status.describe());
        assertTrue(status.stdoutLines().contains("state: running"), status.describe());
        Map<String, Long> callsByMethod = new HashMap<>();
        for (String line : status.stdoutLines()) {
            var row = STATUS_ROW.matcher(line);
            if (row.matches()) {
                callsByMethod.put(row.group(10), Long.parseLong(row.group(3)));
            }
        }
        assertEquals(SITES, callsByMethod.keySet(), status.describe());
        assertEquals(10L, callsByMethod.get(SCORE), status.describe());
        assertEquals(10L, callsByMethod.get(SCORING_HANDLER), status.describe());
        assertEquals(0L, callsByMethod.get(SCORE_BATCH), status.describe());

        // status --json
        CommandResult json = AgentCli.run("status", Long.toString(pid), "--json");
        assertEquals(0, json.exitCode(), json.describe());
        JsonNode report = Json.parse(json.stdout());
        assertEquals(pid, report.path("pid").asLong());
        assertEquals("attach", report.path("startMode").asText());
        assertEquals("inference-service", report.path("service").asText());
        assertEquals("127.0.0.1:" + port, report.path("self").path("httpAddress").asText());
        assertEquals(5, report.path("sites").size(), report.toPrettyString());
        for (JsonNode site : report.path("sites")) {
            if (site.path("method").asText().equals(SCORE)) {
                assertEquals(10, site.path("calls").asLong(), site.toString());
            }
        }

        // A second attach is refused, and the running agent is untouched.
        CommandResult again = AgentCli.run("attach", Long.toString(pid), "--config", ItEnv.sampleConfig().toString());
        assertEquals(1, again.exitCode(), again.describe());
        assertEquals(List.of("perf-agent is already running in this JVM; this attach was ignored (detach first to"
                + " restart it)"), again.stderrLines(), again.describe());
        assertEquals(10, PromText.scrape(metricsUrl).calls(SCORE));
        assertEquals(1, Jcmd.agentThreads(pid).stream().filter(t -> t.equals("perf-agent-http-dispatcher")).count(),
                "one HTTP server only");

        // detach: port closed, threads gone, classes restored.
        CommandResult detached = AgentCli.detach(pid);
        assertEquals(List.of("perf-agent detached from pid " + pid + ": 4 class(es) restored to their original"
                + " bytecode"), detached.stdoutLines(), detached.describe());
        Poll.until("port " + port + " to be closed", WAIT, () -> Http.refused(port));
        Poll.until("no perf-agent-* thread", WAIT, () -> Jcmd.agentThreads(pid), List::isEmpty);

        // Traffic while detached is not timed: after re-attaching, the counters start from 0 and only
        // count what comes after.
        app.score(100, 7);
        app.assertHealthy();
        AgentCli.Attached reattached = AgentCli.attach(pid, ItEnv.sampleConfig());
        assertEquals(5, reattached.methods());
        assertEquals(4, reattached.classes());
        String metricsUrl2 = "http://127.0.0.1:" + reattached.httpPort() + "/metrics";
        PromText fresh = PromText.scrape(metricsUrl2);
        for (String method : SITES) {
            assertEquals(0, fresh.calls(method), "calls of " + method + " right after re-attach\n" + fresh.text());
        }
        app.score(200, 5);
        PromText after = Poll.until("5 new calls of " + SCORE, WAIT, () -> PromText.scrape(metricsUrl2),
                m -> m.calls(SCORE) >= 5 && m.calls(SCORING_HANDLER) >= 5);
        assertEquals(5, after.calls(SCORE), after.text());
        assertEquals(5, after.calls(SCORING_HANDLER), after.text());
        assertEquals(0, after.calls(HEALTH_HANDLER), "the /health call was made while detached\n" + after.text());

        // And detach once more, cleanly.
        AgentCli.detach(pid);
        Poll.until("port " + reattached.httpPort() + " to be closed", WAIT, () -> Http.refused(reattached.httpPort()));
        Poll.until("no perf-agent-* thread", WAIT, () -> Jcmd.agentThreads(pid), List::isEmpty);
        app.score(300, 2);
        assertTrue(app.process().isAlive());
    }

    @Test
    void detachWithoutAnAgentFailsWithAClearMessage() {
        Path dir = ItEnv.newDir("detach-none");
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command().attachable(), dir);

        CommandResult detach = AgentCli.run("detach", Long.toString(app.pid()));
        assertEquals(1, detach.exitCode(), detach.describe());
        assertEquals(List.of("perf-agent is not running in this JVM"), detach.stderrLines(), detach.describe());
        assertEquals("", detach.stdout(), detach.describe());

        CommandResult status = AgentCli.run("status", Long.toString(app.pid()));
        assertEquals(1, status.exitCode(), status.describe());
        assertEquals(List.of("perf-agent is not running in this JVM"), status.stderrLines(), status.describe());

        app.score(1, 2);
        assertEquals(List.of(), Jcmd.agentThreads(app.pid()));
    }

    @Test
    void anAgentStartedWithJavaagentRefusesAttachAndCanBeDetached() {
        Path dir = ItEnv.newDir("premain-detach");
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command().attachable()
                .perfAgent(ItEnv.sampleConfig()).systemProperty("perfagent.export.http.port", "0"), dir);
        int port = app.awaitAgentPort();
        app.process().awaitStderr("INFO started \\(premain\\)", WAIT);
        long pid = app.pid();

        CommandResult attach = AgentCli.run("attach", Long.toString(pid), "--config", ItEnv.sampleConfig().toString());
        assertEquals(1, attach.exitCode(), attach.describe());
        assertTrue(attach.stderr().contains("perf-agent is already running in this JVM"), attach.describe());

        CommandResult status = AgentCli.run("status", Long.toString(pid));
        assertEquals(0, status.exitCode(), status.describe());
        assertTrue(status.stdout().contains("(premain since "), status.describe());

        AgentCli.detach(pid);
        Poll.until("port " + port + " to be closed", WAIT, () -> Http.refused(port));
        Poll.until("no perf-agent-* thread", WAIT, () -> Jcmd.agentThreads(pid), List::isEmpty);

        app.score(1, 4);
        AgentCli.Attached attached = AgentCli.attach(pid, ItEnv.sampleConfig());
        assertEquals(5, attached.methods());
        app.score(10, 3);
        PromText metrics = Poll.until("3 calls", WAIT,
                () -> PromText.scrape("http://127.0.0.1:" + attached.httpPort() + "/metrics"), m -> m.calls(SCORE) >= 3);
        assertEquals(3, metrics.calls(SCORE), metrics.text());
        assertEquals(1, metrics.require("perfagent_agent_info", Map.of("mode", "attach")));
        AgentCli.detach(pid);
    }

    /**
     * An attach that ends with the agent off (here: the target's own {@code -Dperfagent.export.http.port=abc}
     * makes the config invalid there) fails with exit 1, and must say why and leave nothing behind: the
     * JVM must not stay claimed by an agent that is off, or every later attach is refused with "already
     * running; detach first" although the CLI reported that the attach failed.
     */
    @Test
    void anAttachThatEndsWithTheAgentOffSaysWhyAndLeavesTheJvmUnclaimed() {
        Path dir = ItEnv.newDir("attach-off");
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().attachable().systemProperty("perfagent.export.http.port", "abc"), dir);
        String pid = Long.toString(app.pid());
        String problem = "-Dperfagent.export.http.port: export.http.port: not a port number: 'abc'";

        CommandResult first = AgentCli.run("attach", pid, "--config", ItEnv.sampleConfig().toString());
        assertEquals(1, first.exitCode(), first.describe());
        app.process().awaitStderr("ERROR invalid config .* the agent is off", WAIT);
        assertTrue(first.stderr().contains(problem), "the CLI must show the problem, not only '(1 problem(s)"
                + " above)' whose lines went to the target's stderr:\n" + first.describe());

        CommandResult second = AgentCli.run("attach", pid, "--config", ItEnv.sampleConfig().toString());
        assertEquals(1, second.exitCode(), second.describe());
        assertTrue(!second.stderr().contains("already running"), "a failed attach left the JVM claimed:\n"
                + second.describe());
        assertEquals(0, Poll.until("the agent's class loader to be collected", WAIT, () -> {
            Jcmd.gc(app.pid());
            return Jcmd.instances(app.pid(), "dev.perfagent.agent.AgentClassLoader");
        }, n -> n == 0), "live AgentClassLoader after a failed attach");
        app.assertHealthy();
    }

    @Test
    void reattachingWithAnotherConfigTimesOnlyItsOwnMethods() {
        Path dir = ItEnv.newDir("attach-other-config");
        Path scoreOnly = TestFiles.write(dir, "score.yaml", String.join("\n",
                "service: first", "export: { http: { port: 0 } }", "rules:",
                "  - name: model-score", "    match: " + SCORE, "    time: {}", ""));
        Path handlersOnly = TestFiles.write(dir, "handlers.yaml", String.join("\n",
                "service: second", "export: { http: { port: 0 } }", "rules:",
                "  - name: http-handlers", "    match: dev.perfagent.sample.inference..*Handler#handle(..)",
                "    time: {}", ""));
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command().attachable(), dir);
        long pid = app.pid();

        AgentCli.Attached first = AgentCli.attach(pid, scoreOnly);
        assertEquals(1, first.methods());
        assertEquals(1, first.classes());
        app.score(1, 2);
        PromText one = Poll.until("2 calls", WAIT,
                () -> PromText.scrape("http://127.0.0.1:" + first.httpPort() + "/metrics"), m -> m.calls(SCORE) >= 2);
        assertEquals(2, one.calls(SCORE));
        assertEquals(0, one.find("perfagent_method_calls_total", Map.of("method", SCORING_HANDLER)).size());
        AgentCli.detach(pid);

        AgentCli.Attached second = AgentCli.attach(pid, handlersOnly);
        assertEquals(3, second.methods());
        assertEquals(3, second.classes());
        app.score(10, 3);
        PromText two = Poll.until("3 handler calls", WAIT,
                () -> PromText.scrape("http://127.0.0.1:" + second.httpPort() + "/metrics"),
                m -> m.calls(SCORING_HANDLER) >= 3);
        assertEquals(3, two.calls(SCORING_HANDLER), two.text());
        assertEquals(0, two.find("perfagent_method_calls_total", Map.of("method", SCORE)).size(),
                "MlpModel#score is no longer a site:\n" + two.text());
        assertEquals("second", Json.parse(Http.getOk("http://127.0.0.1:" + second.httpPort() + "/status"))
                .path("service").asText());
        AgentCli.detach(pid);
    }

    /**
     * {@code attach --config FILE} where FILE's folder has a comma in its name: the CLI validates the
     * file, then must hand the target that same path (the agent arguments are comma-separated, so the
     * CLI has to encode it).
     */
    @Test
    void attachReadsAConfigWhosePathContainsAComma() throws Exception {
        Path dir = Files.createDirectories(ItEnv.newDir("attach-comma").resolve("configs, v2"));
        Path config = TestFiles.sampleConfigOnPort0(dir);
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command().attachable(), dir);

        CommandResult attach = AgentCli.run("attach", Long.toString(app.pid()), "--config", config.toString());
        assertEquals(0, attach.exitCode(), attach.describe() + app.process().describe());
        assertTrue(attach.stdout().startsWith("perf-agent attached to pid " + app.pid() + ": 5 method(s) woven"),
                attach.describe());
        AgentCli.detach(app.pid());
    }
}
