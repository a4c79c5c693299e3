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
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bottlenecks-app under {@code -javaagent} with continuous profiling in short windows: for a workload
 * with one known bottleneck, {@code /recommendations} names its kind and place first; a healthy
 * workload gets no warning.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BottlenecksIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APP = "dev.perfagent.sample.bottlenecks.";
    private static final Pattern PORT =
            Pattern.compile(".*port 0 in config: HTTP exports bound to http://127\\.0\\.0\\.1:(\\d+)/$");

    @RegisterExtension
    final Processes processes = new Processes();

    /** Starts {@code scenario} with profiling windows of {@code window}; returns the agent's base URL. */
    private String start(String scenario, String window, String... args) {
        return startWithRules(scenario, window, "", args);
    }

    /**
     * Starts {@code scenario} with profiling windows of {@code window} and {@code rules} (YAML rule items) beside
     * the timing of {@code Main#main}; returns the agent's base URL.
     */
    private String startWithRules(String scenario, String window, String rules, String... args) {
        return startJvm(scenario, window, rules, new String[0], args);
    }

    /** As {@link #startWithRules}, with JVM options. */
    private String startJvm(String scenario, String window, String rules, String[] jvmOptions, String... args) {
        Path dir = ItEnv.newDir("bottleneck-" + scenario);
        Path config = TestFiles.write(dir, "perf-agent.yaml", ""
                + "service: bottlenecks\n"
                + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
                + "profiling:\n  window: " + window + "\n  native-dir: " + dir.resolve("native") + "\n"
                + "rules:\n  - name: entry\n    match: " + APP + "Main#main(..)\n    time: {}\n" + rules);
        String[] all = new String[args.length + 1];
        all[0] = scenario;
        System.arraycopy(args, 0, all, 1, args.length);
        ManagedProcess app = processes.start("bottlenecks-" + scenario,
                JvmCommand.create().option(jvmOptions).perfAgent(config).jar(ItEnv.bottlenecksJar()).args(all), dir);
        return "http://127.0.0.1:" + app.stderr().await(PORT, WAIT).group(1);
    }

    /** The first report whose window is at least {@code windows} long in the count, once it has findings. */
    private static JsonNode awaitReport(String base, int windows) {
        return Poll.until(windows + " analysed windows in /recommendations", WAIT,
                () -> Json.parse(Http.getOk(base + "/recommendations")),
                r -> "ready".equals(r.path("state").asText()) && r.path("windows").asLong() >= windows);
    }

    @Test
    void aCpuHotLoopIsNamedAsTheHotMethod() {
        String base = start("cpu-hot-loop", "4s");
        // The first window carries start-up (JIT, class loading): judge the second.
        JsonNode report = awaitReport(base, 2);
        JsonNode top = report.path("recommendations").path(0);
        assertEquals("hot-method", top.path("kind").asText(), report.toPrettyString());
        assertEquals(APP + "HotLoop#checksum", top.path("where").asText(), report.toPrettyString());
        assertEquals("async-profiler", report.path("engine").asText(), report.toPrettyString());
        assertTrue(top.path("gain").path("formula").asText().length() > 0, report.toPrettyString());
        // The flame graph's data: the latest CPU stacks, collapsed.
        String cpu = Http.getOk(base + "/profile/cpu");
        assertTrue(cpu.contains("HotLoop.checksum"), cpu.length() > 2000 ? cpu.substring(0, 2000) : cpu);
    }

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @CsvSource({
            "monitor-convoy,  lock-contention, Ledger",
            "reentrant-lock,  lock-contention, SessionTable",
            "exception-storm, exception-storm, Parser",
            "slow-socket,     slow-socket-io,  localhost:",
    })
    void theTopRecommendationNamesTheBottleneck(String scenario, String kind, String place) {
        String base = start(scenario, "4s");
        JsonNode report = awaitReport(base, 2);
        JsonNode top = report.path("recommendations").path(0);
        assertTrue(top.path("kind").asText().matches(kind), report.toPrettyString());
        assertTrue(top.path("where").asText().contains(place), report.toPrettyString());
        assertTrue(top.path("evidence").size() > 0 && !top.path("action").asText().isEmpty(), report.toPrettyString());
    }

    @Test
    void boxingChurnIsNamedAtItsAllocationSite() {
        String base = start("alloc-churn", "4s");
        JsonNode report = awaitReport(base, 2);
        // The churn costs CPU as well as allocation (array copies, boxing, GC): which finding leads depends on the
        // machine. What must hold: a warning names the allocation at its site.
        boolean allocationThere = false;
        for (JsonNode r : report.path("recommendations")) {
            allocationThere |= r.path("kind").asText().startsWith("allocation-")
                    && r.path("where").asText().equals(APP + "Aggregator#sum")
                    && !r.path("severity").asText().equals("INFO");
        }
        assertTrue(allocationThere, report.toPrettyString());
    }

    @Test
    void repeatedPureCallsAreNamedWorthACacheWithItsPredictedHitRatio() {
        String base = startWithRules("repeated-calls", "4s", "  - name: prices\n    match: " + APP
                + "PriceCatalog#price(String)\n    observe-keys: { max-size: 100 }\n");
        JsonNode report = awaitReport(base, 2);
        JsonNode top = report.path("recommendations").path(0);
        assertEquals("cache-worthy", top.path("kind").asText(), report.toPrettyString());
        assertEquals(APP + "PriceCatalog#price(java.lang.String)", top.path("where").asText(), report.toPrettyString());
        // 20 skus in a cache of 100: all but the first call of each sku hit.
        assertTrue(top.path("evidence").path(0).path("value").asDouble() > 90, report.toPrettyString());
        assertTrue(top.path("config").asText().contains("cache: { max-size: 100 }"), report.toPrettyString());
    }

    @Test
    void manySingleCallsOfAMethodWithABatchFormAreNamedWorthBatching() {
        String base = startWithRules("single-calls", "4s", "  - name: scoring\n    match: " + APP
                + "Scorer#score(float[])\n    time: {}\n");
        JsonNode report = awaitReport(base, 2);
        JsonNode top = report.path("recommendations").path(0);
        assertEquals("batch-worthy", top.path("kind").asText(), report.toPrettyString());
        assertEquals(APP + "Scorer#score(float[])", top.path("where").asText(), report.toPrettyString());
        assertTrue(top.path("config").asText().contains("via: \"" + APP + "Scorer#scoreBatch(float[][])\""),
                report.toPrettyString());
    }

    @Test
    void aLeakIsNamedAtTheAllocationSiteOfItsSurvivorsWithATimeToOutOfMemory() {
        // 4 MiB/s into a 512 MiB heap: the trend needs 30 s of collections, which outlast several windows.
        String base = startJvm("leak", "4s", "", new String[] {"-Xmx512m"}, "--leak-kib-per-second", "4096");
        // The leak profiler starts once the heap climbs; a finding may come before it has sampled enough
        // survivors to name a site (it then says so), so wait for one that names the site from them.
        JsonNode report = Poll.until("a heap-growth finding from the leak profiler's survivors in /recommendations",
                Duration.ofSeconds(120), () -> Json.parse(Http.getOk(base + "/recommendations")),
                r -> r.path("recommendations").path(0).path("kind").asText().equals("heap-growth")
                        && r.path("recommendations").path(0).path("action").asText()
                                .contains("JFR's leak profiler sampled"));
        JsonNode top = report.path("recommendations").path(0);
        assertEquals(APP + "SessionCache#remember", top.path("where").asText(), report.toPrettyString());
        boolean forecast = false;
        for (JsonNode e : top.path("evidence")) {
            forecast |= e.path("name").asText().equals("time to out-of-memory") && e.path("value").asDouble() < 1;
        }
        assertTrue(forecast, report.toPrettyString());
    }

    @Test
    void aHealthyServiceGetsNoWarning() {
        String base = start("healthy", "3s");
        JsonNode report = awaitReport(base, 3);
        for (JsonNode r : report.path("recommendations")) {
            if (othersTakeTheCpu(r)) {
                continue; // true of a CI machine running other builds, and no finding about the app
            }
            assertEquals("INFO", r.path("severity").asText(), report.toPrettyString());
        }
    }

    /** A cpu-saturation finding whose machine is busy mostly with other processes than the app's JVM. */
    private static boolean othersTakeTheCpu(JsonNode recommendation) {
        if (!"cpu-saturation".equals(recommendation.path("kind").asText())) {
            return false;
        }
        double jvm = Double.NaN;
        double machine = Double.NaN;
        for (JsonNode e : recommendation.path("evidence")) {
            String name = e.path("name").asText();
            if (name.startsWith("JVM CPU")) {
                jvm = e.path("value").asDouble();
            } else if (name.startsWith("machine CPU")) {
                machine = e.path("value").asDouble();
            }
        }
        return jvm < machine / 2;
    }
}
