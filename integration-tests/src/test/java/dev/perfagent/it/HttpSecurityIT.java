package dev.perfagent.it;

import static dev.perfagent.it.harness.InferenceApp.SCORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Jcmd;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The agent's HTTP endpoints in a real JVM: a token given by the environment guards them; binding beyond
 * loopback without a token is a config error that leaves the application running; {@code insecure: true}
 * warns; cache keys show only with {@code show-values}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HttpSecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "3f9a1c0e7b2d4e8fa6c5b1d0e9f8a7b6";
    private static final String CACHED_SCORE = "service: http-security\n"
            + "rules:\n"
            + "  - name: model-score\n"
            + "    match: " + SCORE + "\n"
            + "    cache: { max-size: 100 }\n";

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void aTokenFromTheEnvironmentGuardsEveryEndpoint() throws Exception {
        Path dir = ItEnv.newDir("http-token");
        Path config = TestFiles.write(dir, "perf-agent.yaml", CACHED_SCORE);
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(config).systemProperty("perfagent.export.http.port", "0"), dir,
                Map.of("PERFAGENT_EXPORT_HTTP_TOKEN", TOKEN));
        int agentPort = app.awaitAgentPort();
        String base = "http://127.0.0.1:" + agentPort;
        app.score(1, 5);

        HttpResponse<String> without = send("GET", base + "/metrics", null);
        assertEquals(401, without.statusCode(), without.body());
        assertEquals("Bearer realm=\"perf-agent\"", without.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, send("GET", base + "/metrics", "Bearer not-the-token").statusCode());
        assertEquals(401, send("GET", base + "/status", null).statusCode());

        HttpResponse<String> with = send("GET", base + "/metrics", "Bearer " + TOKEN);
        assertEquals(200, with.statusCode(), with.body());
        assertTrue(with.body().contains("perfagent_method_calls_total"), with.body());
        assertEquals(200, send("GET", base + "/?token=" + TOKEN, null).statusCode(), "the dashboard page");
        assertEquals(405, send("POST", base + "/status", "Bearer " + TOKEN).statusCode(), "read-only by default");

        // Cache keys are the host's data: not shown without show-values.
        JsonNode cache = cacheLayer(send("GET", base + "/status", "Bearer " + TOKEN).body());
        assertTrue(cache.path("hits").asDouble() + cache.path("misses").asDouble() >= 5, cache.toString());
        assertTrue(cache.path("hot_keys").isMissingNode(), cache.toString());

        assertFalse(app.process().stderr().text().contains(TOKEN), "the token is never logged");
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsAConfigErrorAndTheAppRuns() {
        Path dir = ItEnv.newDir("http-open");
        Path config = TestFiles.write(dir, "perf-agent.yaml", "service: http-open\nexport:\n  http:\n"
                + "    host: 0.0.0.0\n    port: 0\n");
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(config), dir);

        app.process().awaitStderr("ERROR invalid config .* the agent is off", WAIT);
        List<String> errors = app.process().stderr().matching(Pattern.compile("^\\[perf-agent\\] \\S+ ERROR .*"));
        assertEquals(2, errors.size(), app.process().describe());
        assertTrue(errors.get(0).endsWith(" ERROR " + config + ":4:11: export.http.host: binds 0.0.0.0, which"
                + " other machines can reach: set export.http.token (a bearer token, best given as"
                + " PERFAGENT_EXPORT_HTTP_TOKEN) or, to serve without one, insecure: true"), errors.get(0));
        app.assertHealthy();
        app.score(1, 2);
        Poll.until("no perf-agent-* thread", WAIT, () -> Jcmd.agentThreads(app.pid()), List::isEmpty);
        assertTrue(app.process().isAlive());
    }

    @Test
    void insecureWarnsOnceAndShowValuesListsTheHotKeys() throws Exception {
        Path dir = ItEnv.newDir("http-insecure");
        Path config = TestFiles.write(dir, "perf-agent.yaml", CACHED_SCORE
                + "export:\n  http: { host: 0.0.0.0, port: 0, insecure: true }\n");
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(config).systemProperty("perfagent.export.http.show-values", "true"),
                dir);
        int agentPort = Integer.parseInt(app.process().awaitStderr(
                "INFO port 0 in config: HTTP exports bound to http://\\S+:(\\d+)/$", WAIT).group(1));
        app.process().awaitStderr(" WARN export.http.insecure: the endpoints at http://\\S+/ are open to the network"
                + " without a token", WAIT);
        app.score(1, 3);

        String base = "http://127.0.0.1:" + agentPort;
        assertEquals(200, Http.get(base + "/metrics").status());
        JsonNode cache = cacheLayer(Http.getOk(base + "/status"));
        JsonNode hot = cache.path("hot_keys");
        assertTrue(hot.isArray() && hot.size() == 3, cache.toString());
        assertTrue(hot.get(0).asText().startsWith("[") && hot.get(0).asText().length() <= 120, hot.toString());
        assertEquals(1, app.process().stderr().matching(Pattern.compile(".* WARN export\\.http\\.insecure: .*")).size(),
                app.process().describe());
    }

    private static HttpResponse<String> send(String method, String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The cache layer's object in a /status body. */
    private static JsonNode cacheLayer(String status) {
        for (JsonNode site : Json.parse(status).path("sites")) {
            if (SCORE.equals(site.path("method").asText())) {
                for (JsonNode layer : site.path("protections")) {
                    if ("cache".equals(layer.path("layer").asText())) {
                        return layer;
                    }
                }
            }
        }
        throw new AssertionError("no cache layer on " + SCORE + " in " + status);
    }
}
