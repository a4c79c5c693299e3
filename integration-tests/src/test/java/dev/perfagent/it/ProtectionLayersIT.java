package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private ManagedProcess start(String name, String rules) {
        Path dir = ItEnv.newDir(name);
        Path config = TestFiles.write(dir, "perf-agent.yaml", "service: resilience-app\n"
                + "export:\n  http: { host: 127.0.0.1, port: 0 }\nrules:\n" + rules);
        ManagedProcess app = processes.start("resilience-app", JvmCommand.create().perfAgent(config)
                .jar(ItEnv.resilienceJar()).args("--threads", "8"), dir);
        app.awaitStderr(".*INFO started \\(premain\\).*", WAIT);
        return app;
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
        for (JsonNode second : limited.subList(1, limited.size())) {
            long bodies = second.path("record").path("bodies").asLong();
            assertTrue(bodies <= 51 && bodies >= 40, "about 50 audit calls a second ran: " + second);
            assertTrue(second.path("record").path("ok").asLong() == bodies, "the ok calls are the ones that ran: " + second);
        }
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
}
