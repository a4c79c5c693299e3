package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.Http;
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
 * The protection layers in a real JVM: resilience-app's threads call a loopback price service that can
 * hang ({@code PriceClient#fetch}), a pure function ({@code Catalog#describe}), a slow resource
 * ({@code Inventory#reserve}) and a cheap call ({@code Audit#record}); the app prints per second what
 * each call returned or threw and how often each body really ran.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProtectionLayersIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern SECOND = Pattern.compile("^\\{\"second\".*");
    private static final String APP = "dev.perfagent.sample.resilience.";

    @RegisterExtension
    final Processes processes = new Processes();

    static List<JsonNode> seconds(ManagedProcess app) {
        return app.stdout().matching(SECOND).stream().map(Json::parse).collect(Collectors.toList());
    }

    private static final Pattern PORT = Pattern.compile(".*port 0 in config: HTTP exports bound to http://127\\.0\\.0\\.1:(\\d+)/$");

    private static String config(String rules) {
        return "service: resilience-app\nexport:\n  http: { host: 127.0.0.1, port: 0 }\nrules:\n" + rules;
    }

    private ManagedProcess start(String name, String rules) {
        Path dir = ItEnv.newDir(name);
        return start(dir, TestFiles.write(dir, "perf-agent.yaml", config(rules)));
    }

    private ManagedProcess start(Path dir, Path config) {
        ManagedProcess app = processes.start("resilience-app", JvmCommand.create().perfAgent(config)
                .jar(ItEnv.resilienceJar()).args("--threads", "8"), dir);
        app.awaitStderr(".*INFO started \\(premain\\).*", WAIT);
        return app;
    }

    private static int httpPort(ManagedProcess app) {
        return Integer.parseInt(app.stderr().await(PORT, WAIT).group(1));
    }

    /** The state of the site's breaker in /status. */
    private static String breakerState(int port) {
        JsonNode status = Json.parse(Http.getOk("http://127.0.0.1:" + port + "/status"));
        for (JsonNode site : status.path("sites")) {
            for (JsonNode layer : site.path("protections")) {
                if (layer.path("layer").asText().equals("circuit_breaker")) {
                    return layer.path("state").asText();
                }
            }
        }
        return "none";
    }

    @Test
    void theRateLimitHoldsTheRateAndRefusesTheRest() {
        ManagedProcess app = start("rate-limit", ""
                + "  - name: audit\n"
                + "    match: " + APP + "Audit#record(java.lang.String)\n"
                + "    rate-limit: { permits: 50, per: 1s }\n");
        // Whole seconds after the agent started: the limit holds in each, and the rest were refused.
        List<JsonNode> seen = Poll.until("three limited seconds", WAIT, () -> seconds(app),
                all -> all.stream().filter(s -> s.path("record").path("CallRejectedException").asLong() > 0).count() >= 3);
        List<JsonNode> limited = seen.stream()
                .filter(s -> s.path("record").path("CallRejectedException").asLong() > 0).collect(Collectors.toList());
        long okCalls = 0;
        long bodiesRun = 0;
        for (JsonNode second : limited.subList(1, limited.size())) {
            long bodies = second.path("record").path("bodies").asLong();
            // The app's "second" is a sleep(1000) plus its report, a little longer under load: room for that.
            assertTrue(bodies <= 55 && bodies >= 40, "about 50 audit calls a second ran: " + second);
            okCalls += second.path("record").path("ok").asLong();
            bodiesRun += bodies;
        }
        // A refused call never runs the body. The app reads its body count and its outcomes a moment apart, so a
        // call whose body ran just before a report may be counted ok in the next second: at most one per thread.
        assertTrue(Math.abs(okCalls - bodiesRun) <= 8, // the app runs 8 threads
                "the ok calls are the ones that ran: " + okCalls + " ok, " + bodiesRun + " bodies in " + limited);
        assertTrue(app.isAlive(), app.describe());
    }

    @Test
    void theConcurrencyLimitKeepsTheResourceWithinItsLimit() {
        ManagedProcess app = start("concurrency-limit", ""
                + "  - name: inventory\n"
                + "    match: " + APP + "Inventory#reserve(java.lang.String)\n"
                + "    concurrency-limit: { algorithm: fixed, limit: 3 }\n");
        List<JsonNode> seen = Poll.until("three seconds with refused reservations", WAIT, () -> seconds(app),
                all -> all.stream().filter(s -> s.path("reserve").path("CallRejectedException").asLong() > 0)
                        .count() >= 3);
        List<JsonNode> limited = seen.stream()
                .filter(s -> s.path("reserve").path("CallRejectedException").asLong() > 0).collect(Collectors.toList());
        // The first limited second may have begun before the agent wove the method.
        for (JsonNode second : limited.subList(1, limited.size())) {
            assertTrue(second.path("reserve").path("maxInside").asInt() <= 3,
                    "never more than 3 reservations inside at once: " + second);
            assertTrue(second.path("reserve").path("ok").asLong() > 0, "the admitted ones succeed: " + second);
        }
        assertTrue(app.isAlive(), app.describe());
    }

    @Test
    void theBreakerFailsFastWhileTheDependencyHangsAndRecoversOnItsOwn() {
        ManagedProcess app = start("circuit-breaker", ""
                + "  - name: prices\n"
                + "    match: " + APP + "PriceClient#fetch(java.lang.String)\n"
                + "    circuit-breaker: { window: 20, minimum-calls: 10, failure-rate: 50%, open-for: 2s,"
                + " half-open-calls: 3 }\n");
        int port = httpPort(app);
        Poll.until("healthy seconds", WAIT, () -> seconds(app),
                all -> all.size() >= 2 && all.get(all.size() - 1).path("fetch").path("ok").asLong() > 0);
        assertEquals("CLOSED", breakerState(port));

        app.send("down");
        int downAt = seconds(app).size();
        // Calls wait 300 ms for their timeout until the window has seen enough; then they fail at once. (The
        // second in which 'down' arrived may still hold calls that got through before it.)
        List<JsonNode> failingFast = Poll.until("a second of refused calls only", WAIT, () -> seconds(app),
                all -> all.size() > downAt && all.get(all.size() - 1).path("fetch")
                        .path("CallNotPermittedException").asLong() > 100
                        && all.get(all.size() - 1).path("fetch").path("ok").asLong() == 0);
        JsonNode open = failingFast.get(failingFast.size() - 1).path("fetch");
        assertTrue(open.path("meanMicros").asDouble() < 50_000, "refused calls do not wait for the timeout: " + open);
        String state = breakerState(port);
        assertTrue(state.equals("OPEN") || state.equals("HALF_OPEN"), state);
        PromText metrics = PromText.scrape("http://127.0.0.1:" + port + "/metrics");
        assertTrue(metrics.require("perfagent_circuit_breaker_calls_total",
                Map.of("rule", "prices", "outcome", "not_permitted")) > 100, metrics.text());

        app.send("up");
        int upAt = seconds(app).size();
        // After open-for, trial calls find the dependency back and the breaker closes by itself.
        Poll.until("healthy seconds again", WAIT, () -> seconds(app),
                all -> all.size() > upAt + 1 && all.get(all.size() - 1).path("fetch").path("ok").asLong() > 100
                        && all.get(all.size() - 1).path("fetch").path("CallNotPermittedException").asLong() == 0);
        assertEquals("CLOSED", breakerState(port));
        assertTrue(app.isAlive(), app.describe());
    }

    @Test
    void aReloadSwapsTheLayersAndABadFileChangesNothing() throws Exception {
        Path dir = ItEnv.newDir("reload");
        String rules = "  - name: audit\n"
                + "    match: " + APP + "Audit#record(java.lang.String)\n"
                + "    rate-limit: { permits: 50, per: 1s }\n";
        Path config = TestFiles.write(dir, "perf-agent.yaml", "reload: true\nreload-interval: 200ms\n" + config(rules));
        ManagedProcess app = start(dir, config);
        Poll.until("limited seconds at 50/s", WAIT, () -> seconds(app), all -> all.stream()
                .filter(s -> s.path("record").path("CallRejectedException").asLong() > 0).count() >= 2);

        java.nio.file.Files.writeString(config, "reload: true\nreload-interval: 200ms\n"
                + config(rules.replace("permits: 50", "permits: 10")));
        app.awaitStderr(".*INFO reload: new layer settings from .* applied to 1 site\\(s\\)", WAIT);
        int reloadedAt = seconds(app).size();
        List<JsonNode> after = Poll.until("two whole seconds at the new rate", WAIT, () -> seconds(app),
                all -> all.size() >= reloadedAt + 3);
        for (JsonNode second : after.subList(reloadedAt + 1, after.size())) {
            assertTrue(second.path("record").path("bodies").asLong() <= 13, "10 a second now: " + second);
        }

        java.nio.file.Files.writeString(config, "reload: true\nreload-interval: 200ms\n"
                + config(rules.replace("permits: 50", "permits: many")));
        String rejected = app.awaitStderr(".*ERROR reload of .* rejected \\(1 problem\\(s\\) above\\); the running"
                + " config stays", WAIT).group();
        assertTrue(app.stderr().text().contains("rate-limit.permits: "), app.stderr().text());
        assertTrue(!app.stderr().text().contains("defining the bootstrap classes failed"), app.stderr().text());
        int rejectedAt = seconds(app).size();
        List<JsonNode> still = Poll.until("two more seconds", WAIT, () -> seconds(app), all -> all.size() >= rejectedAt + 3);
        for (JsonNode second : still.subList(rejectedAt + 1, still.size())) {
            assertTrue(second.path("record").path("bodies").asLong() <= 13, "still 10 a second: " + second);
        }
        assertTrue(app.isAlive(), rejected);
    }
}
