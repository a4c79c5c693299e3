package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.BackgroundTraffic;
import dev.perfagent.it.harness.Browser;
import dev.perfagent.it.harness.DashboardStub;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * The dashboard in headless chromium: against the sample inference service with the agent (a batched
 * model method under load: its card, charts drawn from the history, the batch panel), and against the
 * shipped page fed with /status figures the agent cannot produce on demand yet (a breaker that opens,
 * a recommendation, a GPU). Each run saves a screenshot under target/ for review, and no run may leave
 * an error in the browser's console. Skipped when chromium or chromedriver is not installed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DashboardIT {
    private static final String SCORE = InferenceApp.SCORE;
    private static final String SCORE_BATCH = InferenceApp.SCORE_BATCH;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String FETCH = "com.example.FeatureClient#fetch(java.lang.String)";

    @RegisterExtension
    final Processes processes = new Processes();

    private static Path screenshotFile(String name) {
        String workDir = System.getProperty("work.dir");
        Path target = workDir != null ? Paths.get(workDir).getParent() : Paths.get("target");
        return target.resolve(name);
    }

    private static String card(String method) {
        return "article.card[data-method=\"" + method + "\"]";
    }

    private static int points(Browser browser, String canvasSelector) {
        return browser.find(canvasSelector).map(c -> Integer.parseInt(c.getAttribute("data-points"))).orElse(0);
    }

    private static void assertNoConsoleErrors(List<LogEntry> console) {
        assertEquals(List.of(), Browser.severe(console), "errors in the browser's console; all of it: " + console);
    }

    @Test
    void chartsTheWovenMethodsOfARunningService() {
        Path dir = ItEnv.newDir("dashboard");
        Path config = TestFiles.write(dir, "perf-agent.yaml", "service: dashboard-it\n"
                + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
                + "rules:\n"
                + "  - name: mlp-score\n"
                + "    match: " + SCORE + "\n"
                + "    batch: { via: \"" + SCORE_BATCH + "\", max-size: 16, slo-p99: 50ms }\n"
                + "  - name: http-handlers\n"
                + "    match: dev.perfagent.sample.inference..*Handler#handle(..)\n"
                + "    time: { slo-p99: 100ms }\n");
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(config), dir);
        String agent = "http://127.0.0.1:" + app.awaitAgentPort();

        // Two request loops, so the batch layer sees concurrent calls; paced, to leave the browser a core.
        try (BackgroundTraffic one = BackgroundTraffic.start(app.url("/score?seed=1"), 2);
             BackgroundTraffic two = BackgroundTraffic.start(app.url("/score?seed=2"), 2);
             Browser browser = Browser.start(dir, 1400, 2200)) {
            // The control loop samples every 5 s; a rate needs two samples with calls between them, a
            // line two rates (so the screenshot shows lines, not dots).
            Poll.until("two call rates of " + SCORE + " in /history", WAIT,
                    () -> Json.parse(Http.getOk(agent + "/history")), history -> rates(history, SCORE) >= 2);

            browser.open(agent + "/");
            browser.await("the page's first figures", "body[data-loaded=\"true\"]", WAIT);
            WebElement card = browser.await("a card for " + SCORE, card(SCORE), WAIT);
            Poll.until("the latency and throughput charts of " + SCORE + " drawn with data", WAIT,
                    () -> points(browser, card(SCORE) + " .chart-latency canvas") > 0
                            && points(browser, card(SCORE) + " .chart-throughput canvas") > 0);
            String p99 = Poll.until("a p99 in the card's header", WAIT,
                    () -> card.getText(), text -> text.matches("(?s).*p99 [0-9.]+ (µs|ms|s).*"));
            assertTrue(p99.contains("SLO 50 ms"), p99);
            WebElement batch = browser.await("the batch panel", card(SCORE) + " .panel-batch", WAIT);
            // The batch layer names its batch form by its JVM descriptor: scoreBatch([[F)[[F.
            assertTrue(batch.getText().contains("via dev.perfagent.sample.inference.MlpModel#scoreBatch("),
                    batch.getText());
            Poll.until("the batch size chart drawn", WAIT,
                    () -> points(browser, card(SCORE) + " .chart-batch-size canvas") > 0);
            assertTrue(browser.find(card(InferenceApp.SCORING_HANDLER)).isPresent(), "the handler has its card too");
            // No profiling section in this config: the panels say how to get recommendations and flame graphs.
            Poll.until("the recommendations panel saying profiling is off", WAIT,
                    () -> browser.find("#recommendations").orElseThrow().getText(),
                    text -> text.equals("Profiling is off: add a profiling section to the config for recommendations."));
            assertEquals("Profiling is off: add a profiling section to the config for flame graphs.",
                    browser.find("#flamegraphs").orElseThrow().getText());
            // No GPU here: the agent's accelerator is the CPU, chosen in the background, and says why.
            WebElement cpu = browser.await("the CPU as the accelerator's device", "#gpu .panel-gpu", WAIT);
            // textContent: the panel may lie below the fold, where the browser renders (and Selenium reads) less.
            String cpuText = cpu.getAttribute("textContent");
            assertTrue(cpuText.startsWith("cpu 0") && cpuText.contains("utilisation"), cpuText);
            Poll.until("the accelerator and its reason", WAIT,
                    () -> browser.find("#gpu .gpu-accelerator").orElseThrow().getAttribute("textContent"),
                    text -> text.startsWith("accelerator cpu (gpu.mode auto): no CUDA"));

            Path shot = browser.screenshot(screenshotFile("dashboard.png"));
            System.out.println("[it] dashboard screenshot: " + shot.toAbsolutePath());
            assertNoConsoleErrors(browser.console());
        }
    }

    /** How many samples of {@code method} in {@code history} have a call rate above zero. */
    private static int rates(JsonNode history, String method) {
        int rates = 0;
        for (JsonNode site : history.path("sites")) {
            if (method.equals(site.path("method").asText())) {
                for (JsonNode rate : site.path("series").path("callsPerSec")) {
                    rates += rate.asDouble() > 0 ? 1 : 0;
                }
            }
        }
        return rates;
    }

    @Test
    void showsABreakerThatOpensARecommendationAndAGpuFromStatus() {
        Path dir = ItEnv.newDir("dashboard-stub");
        long now = Instant.now().toEpochMilli();
        try (DashboardStub stub = DashboardStub.start(ItEnv.agentJar());
             Browser browser = Browser.start(dir, 1400, 2000)) {
            stub.history(history(now, 3));
            stub.status(status("CLOSED"));
            browser.open(stub.url());

            WebElement badge = browser.await("the breaker's state in the card's header",
                    card(FETCH) + " [data-layer=\"circuit_breaker\"] .state", WAIT);
            assertEquals("CLOSED", badge.getText());
            assertEquals("0", browser.find("#sum-open").orElseThrow().getText());

            stub.status(status("OPEN"));
            Poll.until("the breaker shown open", WAIT, () -> browser.find(card(FETCH)
                    + " [data-layer=\"circuit_breaker\"][data-state=\"OPEN\"] .state-bad").isPresent());
            Poll.until("one open breaker in the summary", WAIT,
                    () -> browser.find("#sum-open").orElseThrow().getText().equals("1"));
            WebElement panel = browser.await("the breaker's panel, open",
                    card(FETCH) + " .panel-layer[data-layer=\"circuit_breaker\"][data-state=\"OPEN\"]", WAIT);
            assertTrue(panel.getText().contains("failure rate"), panel.getText());
            Poll.until("the failure rate chart drawn", WAIT, () -> points(browser,
                    card(FETCH) + " .panel-layer[data-layer=\"circuit_breaker\"] canvas") > 0);
            // The page asks for newer samples once per interval: a fourth one shows up in the chart.
            stub.history(history(now, 4));
            String failureRate = card(FETCH) + " .panel-layer[data-layer=\"circuit_breaker\"] figure";
            Poll.until("the newer sample's failure rate in the chart", WAIT,
                    () -> browser.find(failureRate).orElseThrow().getText(), text -> text.contains("90%"));
            WebElement cache = browser.await("the cache's panel",
                    card(FETCH) + " .panel-layer[data-layer=\"cache\"]", WAIT);
            assertTrue(cache.getText().contains("75%"), "hit ratio as a percentage: " + cache.getText());

            stub.profile("cpu", "java/lang/Thread.run;com/example/Api.handle;com/example/HotLoop.checksum 100\n");
            stub.recommendations(RECOMMENDATIONS);
            WebElement recommendation = browser.await("a recommendation", "#recommendations .recommendation", WAIT);
            assertTrue(recommendation.getText().contains("cache-worthy") && recommendation.getText().contains(FETCH),
                    recommendation.getText());
            assertTrue(recommendation.getText().contains("shadow cache hit ratio: 75 % [70–80]"), recommendation.getText());
            assertTrue(recommendation.getText().contains("predicted: -60% p99"), recommendation.getText());
            assertTrue(browser.find("#recommendations pre.config").orElseThrow().getText().contains("max-size: 1000"));
            WebElement gpu = browser.await("the GPU device", "#gpu .panel-gpu", WAIT);
            assertTrue(gpu.getText().contains("GPU 0 Stub GPU") && gpu.getText().contains("utilisation 42%")
                    && gpu.getText().contains("55 °C") && gpu.getText().contains("300 W"), gpu.getText());
            assertTrue(browser.find("#gpu .gpu-accelerator").orElseThrow().getText()
                    .contains("accelerator cuda (gpu.mode auto): CUDA 13.0"), "accelerator line");
            // The window's CPU stacks, collapsed, drawn as a flame graph.
            WebElement flame = browser.await("the CPU flame graph", "#flamegraphs figure[data-kind=\"cpu\"]", WAIT);
            assertTrue(flame.getText().contains("cpu · 100 samples"), flame.getText());
            assertEquals("4", browser.find("#flamegraphs figure[data-kind=\"cpu\"] canvas").orElseThrow()
                    .getAttribute("data-frames")); // all, Thread.run, Api.handle, HotLoop.checksum

            Path shot = browser.screenshot(screenshotFile("dashboard-layers.png"));
            System.out.println("[it] dashboard screenshot: " + shot.toAbsolutePath());
            assertNoConsoleErrors(browser.console());
        }
    }

    @Test
    void twoHundredSitesStayUsable() {
        int sites = 200;
        Path dir = ItEnv.newDir("dashboard-many");
        long now = Instant.now().toEpochMilli();
        try (DashboardStub stub = DashboardStub.start(ItEnv.agentJar());
             Browser browser = Browser.start(dir, 1400, 1600)) {
            stub.history(manySitesHistory(sites, now));
            stub.status(manySitesStatus(sites));
            browser.open(stub.url());
            browser.await("the page's first figures", "body[data-loaded=\"true\"]", WAIT);
            assertEquals(sites, browser.findAll("article.card").size());
            assertEquals(0, browser.findAll("article.card canvas").size(), "200 cards start collapsed");
            assertEquals("200 sites", browser.find("#site-count").orElseThrow().getText());

            browser.find("#expand-all").orElseThrow().click();
            Poll.until("charts on screen drawn", WAIT, () -> drawn(browser) > 0);
            int charts = browser.findAll("article.card canvas").size();
            assertEquals(2 * sites, charts, "every card open, with its latency and throughput charts");
            assertTrue(drawn(browser) < charts / 4, "only the charts on screen are drawn: " + drawn(browser));

            browser.find("#filter").orElseThrow().sendKeys("Controller173#");
            Poll.until("one card left by the filter", WAIT, () -> visibleCards(browser) == 1);
            assertEquals("1 of 200 sites", browser.find("#site-count").orElseThrow().getText());
            Poll.until("its charts drawn", WAIT, () -> points(browser, card(controller(173))
                    + " .chart-latency canvas") > 0);
            assertNoConsoleErrors(browser.console());
        }
    }

    /** Canvases with data drawn (counted in the page: one round trip, not 400). */
    private static long drawn(Browser browser) {
        return (Long) browser.script(
                "return document.querySelectorAll('article.card canvas:not([data-points=\"0\"])').length;");
    }

    private static long visibleCards(Browser browser) {
        return (Long) browser.script(
                "return [...document.querySelectorAll('article.card')].filter((c) => !c.hidden).length;");
    }

    private static String controller(int i) {
        return "com.example.web.Controller" + i + "#handle(com.example.Request)";
    }

    /** 180 samples of {@code sites} timed methods: a full 15 minutes. */
    private static String manySitesHistory(int sites, long now) {
        StringBuilder times = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 179; i >= 0; i--) {
            String sep = i == 179 ? "" : ",";
            times.append(sep).append(now - i * 5_000L);
            values.append(sep).append(10 + i % 7);
        }
        StringBuilder json = new StringBuilder("{\"intervalMs\":5000,\"capacity\":180,\"now\":" + now
                + ",\"times\":[" + times + "],\"untrackedSites\":0,\"sites\":[");
        for (int s = 0; s < sites; s++) {
            json.append(s == 0 ? "" : ",").append("{\"id\":").append(s).append(",\"rule\":\"controllers\",")
                    .append("\"method\":\"").append(controller(s)).append("\",\"layers\":[\"time\"],\"sloMs\":null,")
                    .append("\"series\":{\"callsPerSec\":[").append(values).append("],\"p50Ms\":[").append(values)
                    .append("],\"p99Ms\":[").append(values).append("]}}");
        }
        return json.append("]}").toString();
    }

    private static String manySitesStatus(int sites) {
        StringBuilder json = new StringBuilder("{\"service\":\"many\",\"agentVersion\":\"test\",\"javaVersion\":\"17\","
                + "\"pid\":2,\"startMode\":\"premain\",\"startedAt\":\"2026-01-01T00:00:00Z\",\"config\":\"stub.yaml\","
                + "\"sites\":[");
        for (int s = 0; s < sites; s++) {
            json.append(s == 0 ? "" : ",").append("{\"id\":").append(s).append(",\"rule\":\"controllers\",")
                    .append("\"method\":\"").append(controller(s)).append("\",\"layers\":[\"time\"],")
                    .append("\"calls\":1000,\"errors\":0,\"sloViolations\":0,\"p50Ms\":1.0,\"p90Ms\":2.0,")
                    .append("\"p99Ms\":3.0,\"p999Ms\":4.0,\"maxMs\":5.0,\"sloMs\":null}");
        }
        return json.append("],\"self\":{\"wovenClasses\":200,\"sites\":200,\"faults\":0,\"weaveNanos\":1,")
                .append("\"httpAddress\":\"127.0.0.1:0\"},\"notes\":[]}").toString();
    }

    /**
     * The first {@code samples} (3 or 4) samples of the stub's site, 5 s apart, the third at {@code now}: the
     * breaker closed, closed, open, and open at 90% failures in the fourth.
     */
    private static String history(long now, int samples) {
        return """
                {"intervalMs":5000,"capacity":180,"now":%d,"times":[%s],"untrackedSites":0,"sites":[
                 {"id":0,"rule":"feature-store","method":"%s","layers":["time","circuit-breaker","cache"],
                  "sloMs":100.0,
                  "series":{"callsPerSec":[%s],"errorsPerSec":[%s],"sloViolationsPerSec":[%s],
                            "p50Ms":[%s],"p99Ms":[%s],"p999Ms":[%s]},
                  "protections":[
                   {"layer":"circuit_breaker","series":{"failure_rate_ratio":[%s],"rejected_per_s":[%s]},
                    "states":{"state":[%s]}},
                   {"layer":"cache","series":{"hit_ratio":[%s],"size":[%s]},"states":{}}]}]}
                """.formatted(now,
                first(samples, now - 10_000, now - 5_000, now, now + 5_000), FETCH,
                first(samples, null, 20.0, 18.5, 19.0), first(samples, null, 0.5, 9.0, 12.0),
                first(samples, null, 0.0, 1.0, 2.0), first(samples, 3.0, 3.5, 4.0, 4.0),
                first(samples, 20.0, 40.0, 150.0, 160.0), first(samples, 30.0, 60.0, 200.0, 210.0),
                first(samples, 0.0, 0.2, 0.7, 0.9), first(samples, null, 0.0, 12.0, 15.0),
                first(samples, "\"CLOSED\"", "\"CLOSED\"", "\"OPEN\"", "\"OPEN\""),
                first(samples, 0.5, 0.7, 0.75, 0.75), first(samples, 10.0, 11.0, 12.0, 12.0));
    }

    /** The first {@code n} values as the elements of a JSON array. */
    private static String first(int n, Object... values) {
        return java.util.Arrays.stream(values).limit(n).map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The stub's /recommendations: one window with one finding, as the agent writes it. */
    private static final String RECOMMENDATIONS = """
            {"service":"dashboard-stub","state":"ready","windowStart":"2026-01-01T00:00:00Z",
             "windowEnd":"2026-01-01T00:01:00Z","engine":"async-profiler","cpuSharesApproximate":false,"windows":3,
             "recommendations":[{"id":"cache-worthy-1","kind":"cache-worthy","severity":"WARNING","where":"%s",
               "evidence":[{"name":"shadow cache hit ratio","value":75,"unit":"%%","low":70,"high":80}],
               "action":"Cache it: its arguments repeat.","config":"cache: { max-size: 1000 }",
               "gain":{"amount":60,"unit":"%% p99","summary":"-60%% p99","formula":"hit ratio x mean latency"}}]}
            """.formatted(FETCH);

    /** The stub's /status with the breaker in {@code state} and a GPU. */
    private static String status(String state) {
        return """
                {"service":"dashboard-stub","agentVersion":"test","javaVersion":"17","pid":1,"startMode":"premain",
                 "startedAt":"2026-01-01T00:00:00Z","config":"stub.yaml",
                 "sites":[{"id":0,"rule":"feature-store","method":"%s","layers":["time","circuit-breaker","cache"],
                   "calls":1000,"errors":60,"sloViolations":12,"p50Ms":4.0,"p90Ms":9.0,"p99Ms":150.0,"p999Ms":200.0,
                   "maxMs":250.0,"sloMs":100.0,
                   "protections":[{"layer":"circuit_breaker","state":"%s","failure_rate_ratio":0.7,"rejected":40},
                                  {"layer":"cache","hit_ratio":0.75,"size":12,"hits":300,"misses":100,
                                   "evictions":{"cause=size":3}}]}],
                 "self":{"wovenClasses":1,"sites":1,"faults":0,"weaveNanos":1000,"httpAddress":"127.0.0.1:0"},
                 "notes":["state: running"],
                 "gpu":{"mode":"auto","accelerator":"cuda","reason":"CUDA 13.0, driver 580","devices":[
                   {"kind":"cuda","index":0,"name":"Stub GPU","computeCapability":"9.0","cores":132,
                    "totalMemoryBytes":8589934592,"memoryUsedBytes":2147483648,"utilization":0.42,
                    "memoryBandwidth":0.1,"temperatureCelsius":55.0,"powerWatts":300.0}],
                   "stagingPool":{"memory":"pinned","maxBytes":268435456,"allocatedBytes":1048576,"inUseBytes":0,
                    "idleBuffers":1,"allocations":1,"reuses":99,"overflows":0,"unpooledBeforeChoice":0}}}
                """.formatted(FETCH, state);
    }
}
