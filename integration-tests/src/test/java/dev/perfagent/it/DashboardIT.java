package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.perfagent.it.harness.BackgroundTraffic;
import dev.perfagent.it.harness.Browser;
import dev.perfagent.it.harness.DashboardStub;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * The dashboard in headless chromium: against the sample apps with the agent (the inference service's
 * batched model method under load: its card, charts drawn from the history, the batch panel;
 * resilience-app's breaker opening as its dependency hangs, its limiter and its cache at work;
 * bottlenecks-app's hot loop named in a recommendation, with the CPU and allocation flame graphs of its
 * profiling windows), and against the shipped page fed with figures chosen by the test (every figure a
 * panel shows checked against known values, a GPU, two hundred sites). Each run saves a screenshot under
 * target/ for review, and no run may leave an error in the browser's console. Skipped when chromium or
 * chromedriver is not installed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DashboardIT {
    private static final String SCORE = InferenceApp.SCORE;
    private static final String SCORE_BATCH = InferenceApp.SCORE_BATCH;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String FETCH = "com.example.FeatureClient#fetch(java.lang.String)";
    private static final String RESILIENCE = "dev.perfagent.sample.resilience.";
    private static final String PRICES = RESILIENCE + "PriceClient#fetch(java.lang.String)";
    private static final String INVENTORY = RESILIENCE + "Inventory#reserve(java.lang.String)";
    private static final String CATALOG = RESILIENCE + "Catalog#describe(java.lang.String)";
    private static final String BOTTLENECKS = "dev.perfagent.sample.bottlenecks.";
    private static final Pattern AGENT_PORT =
            Pattern.compile(".*port 0 in config: HTTP exports bound to http://127\\.0\\.0\\.1:(\\d+)/$");
    private static final Pattern SECOND = Pattern.compile("^\\{\"second\".*");
    private static final Pattern PERCENT = Pattern.compile("([0-9.]+)%");
    /** The stub's batched method; its name sorts after {@link #FETCH}, so its card comes second. */
    private static final String MODEL = "com.example.ScoringModel#score(float[])";

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

    /**
     * The points drawn in the canvas matching {@code canvasSelector}, scrolled into view first: charts draw only
     * while on screen, and a card's lower panels may lie below the window.
     */
    private static int pointsInView(Browser browser, String canvasSelector) {
        WebElement canvas = browser.find(canvasSelector).orElseThrow();
        browser.script("arguments[0].scrollIntoView({block: 'center'});", canvas);
        return Integer.parseInt(canvas.getAttribute("data-points"));
    }

    /** What a panel's figure list (dt/dd rows) shows for {@code name}, or null where it has no such row. */
    private static String panelFigure(Browser browser, String panelSelector, String name) {
        return (String) browser.script("const dt = [...document.querySelectorAll(arguments[0] + ' dl.figure-list dt')]"
                + ".find((d) => d.textContent === arguments[1]); return dt ? dt.nextElementSibling.textContent : null;",
                panelSelector, name);
    }

    /** What a card's header shows beside {@code label} (calls, p99, errors, SLO). */
    private static String headerFigure(Browser browser, String method, String label) {
        return (String) browser.script("const f = [...document.querySelectorAll(arguments[0] + ' .figures .figure')]"
                + ".find((s) => s.querySelector('.figure-label').textContent.trim() === arguments[1]);"
                + " return f ? f.querySelector('b').textContent : null;", card(method), label);
    }

    /** The first percentage in {@code text} (e.g. 75 in "hit ratio 75%"), or -1 for none. */
    private static double percentIn(String text) {
        Matcher m = PERCENT.matcher(text == null ? "" : text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
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

    @Test
    void showsTheProtectionLayersOfARunningServiceAsTheyAct() {
        Path dir = ItEnv.newDir("dashboard-resilience");
        // A breaker that stays open for the whole test once it opens (no half-open flicker between two polls), a
        // limit of 3 for 8 threads (always callers in flight) and a cache larger than the app's 50 skus (hits).
        Path config = TestFiles.write(dir, "perf-agent.yaml", "service: dashboard-resilience\n"
                + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
                + "rules:\n"
                + "  - name: catalog\n"
                + "    match: " + RESILIENCE + "Catalog#describe(java.lang.String)\n"
                + "    cache: { max-size: 100 }\n"
                + "  - name: prices\n"
                + "    match: " + PRICES + "\n"
                + "    circuit-breaker: { window: 20, minimum-calls: 10, failure-rate: 50%, open-for: 5m,"
                + " half-open-calls: 3 }\n"
                + "  - name: inventory\n"
                + "    match: " + INVENTORY + "\n"
                + "    concurrency-limit: { algorithm: fixed, limit: 3 }\n");
        ManagedProcess app = processes.start("resilience-app", JvmCommand.create().perfAgent(config)
                .jar(ItEnv.resilienceJar()).args("--threads", "8"), dir);
        String agent = "http://127.0.0.1:" + app.stderr().await(AGENT_PORT, WAIT).group(1);
        Poll.until("a second with answered price calls", WAIT, () -> seconds(app),
                all -> !all.isEmpty() && all.get(all.size() - 1).path("fetch").path("ok").asLong() > 0);

        try (Browser browser = Browser.start(dir, 1400, 3600)) {
            browser.open(agent + "/");
            browser.await("the page's first figures", "body[data-loaded=\"true\"]", WAIT);
            String breakerBadge = card(PRICES) + " .badges [data-layer=\"circuit_breaker\"]";
            assertEquals("CLOSED", Poll.until("the breaker closed while the price service answers", WAIT,
                    () -> browser.find(breakerBadge + " .state").orElseThrow().getText(), text -> !text.isEmpty()));

            // The price service hangs: calls time out until the breaker's window has seen enough, then it opens.
            app.send("down");
            Poll.until("a second with refused price calls", WAIT, () -> seconds(app),
                    all -> !all.isEmpty()
                            && all.get(all.size() - 1).path("fetch").path("CallNotPermittedException").asLong() > 0);
            Poll.until("the breaker's badge shown open", WAIT,
                    () -> browser.find(breakerBadge + "[data-state=\"OPEN\"] .state-bad").isPresent());
            Poll.until("an open breaker counted in the summary", WAIT,
                    () -> browser.find("#sum-open").orElseThrow().getText(),
                    text -> text.matches("[0-9]+") && Integer.parseInt(text) >= 1);
            String breaker = card(PRICES) + " .panel-layer[data-layer=\"circuit_breaker\"]";
            browser.await("the breaker's panel, open", breaker + "[data-state=\"OPEN\"]", WAIT);
            // The history samples every 5 s: the failure rate's chart gets its points from the agent's samples.
            Poll.until("the failure rate chart drawn", WAIT, () -> pointsInView(browser, breaker + " canvas") > 0);
            Poll.until("a failure rate at or over the breaker's 50% in the chart's legend", WAIT,
                    () -> browser.find(breaker + " figure figcaption").orElseThrow().getAttribute("textContent"),
                    text -> percentIn(text) >= 50);

            // The limiter: its limit, and callers holding its permits (8 threads for 3 permits).
            String limiter = card(INVENTORY) + " .panel-layer[data-layer=\"concurrency_limit\"]";
            String usage = Poll.until("the limiter's panel with calls in flight", WAIT,
                    () -> browser.find(limiter + " .usage-text").orElseThrow().getAttribute("textContent"),
                    text -> text.matches("[1-9][0-9]* in flight of 3"));
            assertTrue(usage.matches("[1-3] in flight of 3"), "never more in flight than the limit: " + usage);
            assertEquals("3", panelFigure(browser, limiter, "limit"));
            Poll.until("the limit vs in flight chart drawn", WAIT,
                    () -> pointsInView(browser, limiter + " canvas[aria-label=\"limit vs in flight\"]") > 0);

            // The cache: 50 skus in room for 100, so after the first call of each sku, hits.
            String cache = card(CATALOG) + " .panel-layer[data-layer=\"cache\"]";
            Poll.until("the cache's hit ratio over 50%", WAIT, () -> panelFigure(browser, cache, "hit ratio"),
                    text -> percentIn(text) > 50);
            String size = Poll.until("the cache's entries", WAIT, () -> panelFigure(browser, cache, "size"),
                    text -> text != null && text.matches("[0-9]+") && Integer.parseInt(text) > 0);
            assertTrue(Integer.parseInt(size) <= 50, "no more entries than skus: " + size);
            Poll.until("the cache's hit ratio chart drawn", WAIT,
                    () -> pointsInView(browser, cache + " canvas[aria-label=\"hit ratio\"]") > 0);

            browser.script("window.scrollTo(0, 0);");
            Path shot = browser.screenshot(screenshotFile("dashboard-resilience.png"));
            System.out.println("[it] dashboard screenshot: " + shot.toAbsolutePath());
            assertNoConsoleErrors(browser.console());
        }
        assertTrue(app.isAlive(), app.describe());
    }

    @Test
    void showsTheRecommendationAndFlameGraphsOfAProfiledService() {
        Path dir = ItEnv.newDir("dashboard-profiled");
        // Short windows, so findings come within the test; allocations are sampled (profiling.alloc, on by default)
        // from whatever the JVM allocates, the agent answering the page included.
        Path config = TestFiles.write(dir, "perf-agent.yaml", "service: dashboard-profiled\n"
                + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
                + "profiling:\n  window: 4s\n  alloc: true\n  native-dir: " + dir.resolve("native") + "\n"
                + "rules:\n  - name: entry\n    match: " + BOTTLENECKS + "Main#main(..)\n    time: {}\n");
        ManagedProcess app = processes.start("bottlenecks-cpu-hot-loop", JvmCommand.create().perfAgent(config)
                .jar(ItEnv.bottlenecksJar()).args("cpu-hot-loop"), dir);
        String agent = "http://127.0.0.1:" + app.stderr().await(AGENT_PORT, WAIT).group(1);

        try (Browser browser = Browser.start(dir, 1400, 3000)) {
            browser.open(agent + "/");
            browser.await("the page's first figures", "body[data-loaded=\"true\"]", WAIT);
            // The first window carries start-up (JIT, class loading); a later one names the hot loop.
            String hot = "#recommendations .recommendation[data-kind=\"hot-method\"]";
            WebElement recommendation = Poll.until("a hot-method recommendation for HotLoop#checksum", WAIT,
                    () -> browser.find(hot).orElseThrow(),
                    r -> r.getAttribute("textContent").contains(BOTTLENECKS + "HotLoop#checksum"));
            List<WebElement> evidence = browser.findAll(hot + " ul.evidence li");
            assertTrue(!evidence.isEmpty(), "the recommendation shows its evidence: " + recommendation.getText());
            for (WebElement e : evidence) {
                // evidenceText: "name: value unit [low–high]"
                String text = e.getAttribute("textContent");
                assertTrue(text.matches("[^:]+: -?[0-9.E]+ .*"), text);
            }
            assertTrue(browser.find(hot + " p.formula").isPresent(), "how its gain is predicted");

            String cpu = "#flamegraphs figure[data-kind=\"cpu\"]";
            String alloc = "#flamegraphs figure[data-kind=\"alloc\"]";
            Poll.until("the CPU and allocation flame graphs drawn", WAIT,
                    () -> frames(browser, cpu) > 1 && frames(browser, alloc) > 1);
            String cpuCaption = browser.find(cpu + " figcaption").orElseThrow().getAttribute("textContent");
            assertTrue(cpuCaption.matches("cpu · [0-9.k]+ samples · window ending .*"), cpuCaption);
            String allocCaption = browser.find(alloc + " figcaption").orElseThrow().getAttribute("textContent");
            assertTrue(allocCaption.matches("alloc · [0-9.k]+ allocation samples · window ending .*"), allocCaption);

            Path shot = browser.screenshot(screenshotFile("dashboard-profiled.png"));
            System.out.println("[it] dashboard screenshot: " + shot.toAbsolutePath());
            assertNoConsoleErrors(browser.console());
        }
    }

    /** The boxes drawn in the flame graph of {@code figureSelector}; 0 while there is none. */
    private static int frames(Browser browser, String figureSelector) {
        return browser.find(figureSelector + " canvas").map(c -> c.getAttribute("data-frames"))
                .map(Integer::parseInt).orElse(0);
    }

    /** The app's per-second JSON lines so far. */
    private static List<JsonNode> seconds(ManagedProcess app) {
        return app.stdout().matching(SECOND).stream().map(Json::parse).collect(Collectors.toList());
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
            // Beside the breaker's site, a batched method's.
            stub.history(withSite(history(now, 3), modelHistory(3)));
            stub.status(withSite(status("CLOSED"), MODEL_STATUS));
            browser.open(stub.url());

            WebElement badge = browser.await("the breaker's state in the card's header",
                    card(FETCH) + " [data-layer=\"circuit_breaker\"] .state", WAIT);
            assertEquals("CLOSED", badge.getText());
            assertEquals("0", browser.find("#sum-open").orElseThrow().getText());

            stub.status(withSite(status("OPEN"), MODEL_STATUS));
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
            stub.history(withSite(history(now, 4), modelHistory(4)));
            String failureRate = card(FETCH) + " .panel-layer[data-layer=\"circuit_breaker\"] figure";
            Poll.until("the newer sample's failure rate in the chart", WAIT,
                    () -> browser.find(failureRate).orElseThrow().getText(), text -> text.contains("90%"));
            WebElement cache = browser.await("the cache's panel",
                    card(FETCH) + " .panel-layer[data-layer=\"cache\"]", WAIT);
            assertTrue(cache.getText().contains("75%"), "hit ratio as a percentage: " + cache.getText());
            String cachePanel = card(FETCH) + " .panel-layer[data-layer=\"cache\"]";
            assertEquals("12", panelFigure(browser, cachePanel, "size"), "the cache's entries now");
            Poll.until("the cache's entries chart drawn", WAIT,
                    () -> pointsInView(browser, cachePanel + " canvas[aria-label=\"entries\"]") > 0);
            // The header's SLO figure: the objective and the share of calls over it (12 of 1000).
            assertEquals("100 ms · 1.2% over", headerFigure(browser, FETCH, "SLO"));
            // The latency chart draws the p99.9 line too, and the SLO as a dashed line at 100 ms.
            String latency = card(FETCH) + " .chart-latency canvas";
            String series = Poll.until("the latency chart drawn with its p99.9", WAIT,
                    () -> browser.find(latency).orElseThrow().getAttribute("data-series"),
                    drawn -> Arrays.asList(drawn.split(",")).contains("p999Ms"));
            assertEquals("p50Ms,p99Ms,p999Ms", series);
            assertEquals("100", browser.find(latency).orElseThrow().getAttribute("data-threshold"), "the SLO line");

            // The batched method's card: its batch panel's figures, and its charts from the history's batch series.
            String batch = card(MODEL) + " .panel-batch";
            browser.await("the batch panel", batch, WAIT);
            assertEquals("24 of max 32", panelFigure(browser, batch, "cap"));
            assertEquals("p50 1.5 ms · p99 4 ms", panelFigure(browser, batch, "queue wait"));
            assertEquals("mean 12.5 · p50 12 · p99 24 · max 30", panelFigure(browser, batch, "batch size"));
            Poll.until("the items chart drawn", WAIT,
                    () -> pointsInView(browser, batch + " .chart-batch-items canvas") > 0);
            Poll.until("the batch size chart drawn", WAIT,
                    () -> pointsInView(browser, batch + " .chart-batch-size canvas") > 0);
            browser.script("window.scrollTo(0, 0);"); // the screenshot shows the page from its top

            stub.profile("cpu", "java/lang/Thread.run;com/example/Api.handle;com/example/HotLoop.checksum 100\n");
            stub.profile("alloc", "java/lang/Thread.run;com/example/Api.handle;java/lang/StringBuilder.toString 30\n"
                    + "java/lang/Thread.run;com/example/Api.handle;byte[] 20\n");
            stub.recommendations(RECOMMENDATIONS);
            WebElement recommendation = browser.await("a recommendation", "#recommendations .recommendation", WAIT);
            assertTrue(recommendation.getText().contains("cache-worthy") && recommendation.getText().contains(FETCH),
                    recommendation.getText());
            assertTrue(recommendation.getText().contains("shadow cache hit ratio: 75 % [70–80]"), recommendation.getText());
            assertTrue(recommendation.getText().contains("predicted: -60% p99"), recommendation.getText());
            assertTrue(browser.find("#recommendations pre.config").orElseThrow().getText().contains("max-size: 1000"));
            WebElement gpu = browser.await("the GPU device", "#gpu .panel-gpu", WAIT);
            assertTrue(gpu.getAttribute("textContent").contains("memory 2 GiB of 8 GiB"),
                    "memory used of total: " + gpu.getAttribute("textContent"));
            assertTrue(gpu.getText().contains("GPU 0 Stub GPU") && gpu.getText().contains("utilisation 42%")
                    && gpu.getText().contains("55 °C") && gpu.getText().contains("300 W"), gpu.getText());
            assertTrue(browser.find("#gpu .gpu-accelerator").orElseThrow().getText()
                    .contains("accelerator cuda (gpu.mode auto): CUDA 13.0"), "accelerator line");
            // The window's CPU stacks, collapsed, drawn as a flame graph.
            WebElement flame = browser.await("the CPU flame graph", "#flamegraphs figure[data-kind=\"cpu\"]", WAIT);
            assertTrue(flame.getText().contains("cpu · 100 samples"), flame.getText());
            assertEquals("4", browser.find("#flamegraphs figure[data-kind=\"cpu\"] canvas").orElseThrow()
                    .getAttribute("data-frames")); // all, Thread.run, Api.handle, HotLoop.checksum
            // The window's allocation stacks beside it: two stacks that share their first two frames.
            WebElement alloc = browser.await("the allocation flame graph",
                    "#flamegraphs figure[data-kind=\"alloc\"]", WAIT);
            assertTrue(alloc.getAttribute("textContent").contains("alloc · 50 allocation samples"),
                    alloc.getAttribute("textContent"));
            assertEquals("5", browser.find("#flamegraphs figure[data-kind=\"alloc\"] canvas").orElseThrow()
                    .getAttribute("data-frames")); // all, Thread.run, Api.handle, StringBuilder.toString, byte[]

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
        return Arrays.stream(values).limit(n).map(String::valueOf).collect(Collectors.joining(","));
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

    /** {@code json} (an answer of /status or /history) with {@code site} added to its sites. */
    private static String withSite(String json, String site) {
        JsonNode root = Json.parse(json);
        ((ArrayNode) root.path("sites")).add(Json.parse(site));
        return root.toString();
    }

    /** The stub's batched method in /status: a batch layer whose every figure the batch panel shows. */
    private static final String MODEL_STATUS = """
            {"id":1,"rule":"scoring","method":"%s","layers":["time","batch"],
             "calls":5000,"errors":0,"sloViolations":0,"p50Ms":2.5,"p90Ms":6.0,"p99Ms":12.0,"p999Ms":14.0,
             "maxMs":20.0,"sloMs":50.0,
             "batch":{"via":"com.example.ScoringModel#scoreBatch([[F)[[F","items":5000,"batches":400,
              "meanBatchSize":12.5,"p50BatchSize":12.0,"p99BatchSize":24.0,"maxBatchSize":30.0,
              "queueWaitP50Ms":1.5,"queueWaitP99Ms":4.0,"serviceP50Ms":3.0,"serviceP99Ms":6.0,"cap":24,
              "maxSize":32,"delayMs":2.0,"costFixedUs":500.0,"costPerItemUs":20.0,"observedP99Ms":12.0,
              "sloMs":50.0,"callerConcurrency":14.0,"rejectedFull":0,"rejectedShed":0,"timedOut":0,
              "isolatedFailures":0,"runAlone":0,"enabled":true,"offReason":null,
              "limitedBy":"load: calls arrive too slowly to fill the cap"}}
            """.formatted(MODEL);

    /** The stub's batched method in /history: the first {@code samples} (3 or 4) of its samples. */
    private static String modelHistory(int samples) {
        return """
                {"id":1,"rule":"scoring","method":"%s","layers":["time","batch"],"sloMs":50.0,
                 "series":{"callsPerSec":[%s],"errorsPerSec":[%s],"sloViolationsPerSec":[%s],
                           "p50Ms":[%s],"p99Ms":[%s],"p999Ms":[%s]},
                 "batch":{"cap":[%s],"meanSize":[%s],"itemsPerSec":[%s]}}
                """.formatted(MODEL,
                first(samples, null, 400.0, 410.0, 420.0), first(samples, null, 0.0, 0.0, 0.0),
                first(samples, null, 0.0, 0.0, 0.0), first(samples, 2.0, 2.5, 2.5, 2.5),
                first(samples, 8.0, 9.0, 12.0, 12.0), first(samples, 10.0, 11.0, 14.0, 14.0),
                first(samples, 16, 20, 24, 24), first(samples, null, 11.0, 12.5, 12.5),
                first(samples, null, 400.0, 410.0, 420.0));
    }
}
