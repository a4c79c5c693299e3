package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.AgentCli;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch layer in real JVMs: batch-app's 64 threads call {@code Scorer#score(float[])} and
 * {@code Labeler#label(Integer)} with random inputs, 5% of them poisoned (the model throws for a batch that
 * holds one); the agent merges the calls into {@code scoreBatch} / {@code labelAll}. Every caller must get
 * exactly its own result, or for a poisoned input its own exception, at start-up, across attach and
 * detach with calls in flight, and when the config names a batch form that does not exist.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BatchingIT {
    private static final String SCORE = "dev.perfagent.sample.batch.Scorer#score(float[])";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern ROUND = Pattern.compile("^\\{\"round\".*");

    @RegisterExtension
    final Processes processes = new Processes();

    private static String config(String scoreVia) {
        return "service: batch-app\n"
                + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
                + "rules:\n"
                + "  - name: scorer\n"
                + "    match: dev.perfagent.sample.batch.Scorer#score(float[])\n"
                + "    batch: { via: \"" + scoreVia + "\", max-size: 32 }\n"
                + "  - name: labeler\n"
                + "    match: dev.perfagent.sample.batch.Labeler#label(java.lang.Integer)\n"
                + "    batch: { via: \"dev.perfagent.sample.batch.Labeler#labelAll(java.util.List)\" }\n";
    }

    private static List<JsonNode> rounds(ManagedProcess app) {
        return app.stdout().matching(ROUND).stream().map(Json::parse).collect(Collectors.toList());
    }

    private static void assertAllRight(List<JsonNode> rounds, ManagedProcess app) {
        for (JsonNode round : rounds) {
            assertEquals(0, round.path("wrong").asLong(), "a caller got something not its own: " + round + "\n"
                    + app.describe());
            assertEquals(round.path("calls").asLong(), round.path("ok").asLong() + round.path("poisoned").asLong(),
                    "every call completed exactly once: " + round);
        }
    }

    @Test
    void everyCallerGetsItsOwnResultOrItsOwnExceptionAtStartUp() {
        Path dir = ItEnv.newDir("batching-startup");
        Path config = TestFiles.write(dir, "perf-agent.yaml", config("dev.perfagent.sample.batch.Scorer#scoreBatch(float[][])"));
        // Rounds until stopped: the agent starts in the background, so the first rounds may run unbatched.
        ManagedProcess app = processes.start("batch-app", JvmCommand.create().perfAgent(config)
                .jar(ItEnv.batchJar()).args("--threads", "64", "--calls", "200", "--rounds", "forever"), dir);
        List<JsonNode> seen = Poll.until("three rounds with merged calls", WAIT, () -> rounds(app),
                all -> all.stream().filter(r -> r.path("largestBatch").asInt() > 1).count() >= 3);
        assertAllRight(seen, app);
        JsonNode last = seen.get(seen.size() - 1);
        assertTrue(last.path("poisoned").asLong() > 0, "the round had poisoned calls: " + last);
        assertTrue(last.path("largestBatch").asInt() <= 32, "max-size holds: " + last);
        assertTrue(last.path("batchCalls").asLong() < last.path("calls").asLong() * 3 / 4,
                "fewer model calls than score calls: " + last);
        assertTrue(seen.stream().anyMatch(r -> r.path("largestListBatch").asInt() > 1), "List shape merged too");
        assertTrue(app.isAlive(), app.describe());
    }

    @Test
    void attachBatchesAndDetachWithCallsInFlightLosesNone() {
        Path dir = ItEnv.newDir("batching-attach");
        Path config = TestFiles.write(dir, "perf-agent.yaml", config("dev.perfagent.sample.batch.Scorer#scoreBatch(float[][])"));
        ManagedProcess app = processes.start("batch-app", JvmCommand.create().attachable()
                .jar(ItEnv.batchJar()).args("--threads", "32", "--calls", "100", "--rounds", "forever"), dir);
        app.awaitStdout("^\\{\"round\":2,.*", WAIT);
        assertTrue(rounds(app).stream().allMatch(r -> r.path("largestBatch").asInt() == 0), "nothing batches yet");

        AgentCli.Attached attached = AgentCli.attach(app.pid(), config);
        int before = rounds(app).size();
        // A round that started after the attach finished batches.
        List<JsonNode> seen = Poll.until("a round with merged calls", WAIT, () -> rounds(app),
                all -> all.size() > before + 1 && all.get(all.size() - 1).path("largestBatch").asInt() > 1);
        JsonNode batched = seen.get(seen.size() - 1);
        assertTrue(batched.path("batchCalls").asLong() > 0, batched.toString());

        PromText metrics = PromText.scrape("http://127.0.0.1:" + attached.httpPort() + "/metrics");
        assertTrue(metrics.calls(SCORE) > 0, metrics.text());
        assertTrue(metrics.require("perfagent_method_errors_total", Map.of("method", SCORE)) > 0,
                "poisoned calls are counted as errors:\n" + metrics.text());

        // Detach while the 32 threads are calling: queued calls run alone, batches in flight finish.
        AgentCli.detach(app.pid());
        int atDetach = rounds(app).size();
        List<JsonNode> after = Poll.until("two rounds after detach", WAIT, () -> rounds(app),
                all -> all.size() >= atDetach + 2);
        assertTrue(app.isAlive(), app.describe());
        assertEquals(0, after.get(after.size() - 1).path("largestBatch").asInt(),
                "no batching after detach: " + after.get(after.size() - 1));
        assertAllRight(after, app);
    }

    @Test
    void aBatchFormThatDoesNotExistLeavesTheRuleOffAndTheAppRight() {
        Path dir = ItEnv.newDir("batching-bad-via");
        Path config = TestFiles.write(dir, "perf-agent.yaml", config("dev.perfagent.sample.batch.Scorer#scoreMany(float[][])"));
        ManagedProcess app = processes.start("batch-app", JvmCommand.create().perfAgent(config)
                .jar(ItEnv.batchJar()).args("--threads", "16", "--calls", "50", "--rounds", "forever"), dir);
        String error = app.stderr().await(Pattern.compile(".*ERROR .*rules\\.scorer\\.batch\\.via: .*"), WAIT).group();
        assertTrue(error.contains(config + ":5:5: rules.scorer.batch.via: no method matching "
                + "'dev.perfagent.sample.batch.Scorer#scoreMany(float[][])' in dev.perfagent.sample.batch.Scorer or its"
                + " superclasses; rule 'scorer' stays off for " + SCORE), error);
        List<JsonNode> seen = Poll.until("two rounds where the other rule batches", WAIT, () -> rounds(app),
                all -> all.stream().filter(r -> r.path("largestListBatch").asInt() > 1).count() >= 2);
        assertAllRight(seen, app);
        assertTrue(seen.stream().allMatch(r -> r.path("largestBatch").asInt() == 0), "score is never batched");
    }
}
