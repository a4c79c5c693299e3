package dev.perfagent.it;

import static dev.perfagent.export.prometheus.MetricNameRules.nonBaseUnitFamilies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.CommandResult;
import dev.perfagent.it.harness.Commands;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.PromText;
import dev.perfagent.it.harness.TestFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Grafana dashboard shipped in {@code exporters/grafana} against real agents: resilience-app with a cache, a
 * circuit breaker, an adaptive concurrency limit, a rate limit and an SLO, and batch-app with two batch layers.
 * Every metric name a panel's query uses is in their live /metrics, each live /metrics passes {@code promtool check
 * metrics} without a complaint and names no family in a unit other than a base unit, and a real Prometheus scraping
 * both answers every query without error and with data.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GrafanaDashboardIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration PROMTOOL_WAIT = Duration.ofSeconds(30);
    private static final Path DASHBOARD = Path.of("..", "exporters", "grafana", "perf-agent-dashboard.json");
    private static final Pattern PORT =
            Pattern.compile(".*port 0 in config: HTTP exports bound to http://127\\.0\\.0\\.1:(\\d+)/$");
    private static final String RESILIENCE = "dev.perfagent.sample.resilience.";

    /** PromQL words that are not metric names. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    @RegisterExtension
    final Processes processes = new Processes();

    private static final String RESILIENCE_CONFIG = "service: resilience-app\n"
            + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
            + "rules:\n"
            + "  - name: catalog\n"
            + "    match: " + RESILIENCE + "Catalog#describe(java.lang.String)\n"
            + "    cache: { max-size: 10 }\n"
            + "  - name: prices\n"
            + "    match: " + RESILIENCE + "PriceClient#fetch(java.lang.String)\n"
            + "    circuit-breaker: { window: 20, minimum-calls: 10, failure-rate: 50% }\n"
            + "  - name: inventory\n"
            + "    match: " + RESILIENCE + "Inventory#reserve(java.lang.String)\n"
            + "    concurrency-limit: { algorithm: vegas }\n"
            + "  - name: audit\n"
            + "    match: " + RESILIENCE + "Audit#record(java.lang.String)\n"
            + "    rate-limit: { permits: 50, per: 1s }\n"
            + "    time: { slo-p99: 1ms }\n";

    private static final String BATCH_CONFIG = "service: batch-app\n"
            + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
            + "rules:\n"
            + "  - name: scorer\n"
            + "    match: dev.perfagent.sample.batch.Scorer#score(float[])\n"
            + "    batch: { via: \"dev.perfagent.sample.batch.Scorer#scoreBatch(float[][])\", max-size: 32 }\n";

    @Test
    void everyPanelQueriesMetricsTheAgentExportsAndPrometheusAnswersThem() throws Exception {
        JsonNode dashboard = Json.parse(Files.readString(DASHBOARD));
        Map<String, List<String>> exprs = panelExprs(dashboard);
        assertTrue(exprs.size() >= 15, "the dashboard has its panels: " + exprs.keySet());

        Path dir = ItEnv.newDir("grafana");
        int resilience = startApp(dir, "resilience-app", RESILIENCE_CONFIG, ItEnv.resilienceJar(), "--threads", "8");
        int batch = startApp(dir, "batch-app", BATCH_CONFIG, ItEnv.batchJar(),
                "--threads", "16", "--calls", "50", "--rounds", "forever");

        // Wait for traffic through every layer, then compare names with what the agents really export.
        Set<String> live = Poll.until("traffic through every layer and a batch", WAIT,
                () -> liveNames(resilience, batch),
                names -> names.contains("perfagent_batch_size_bucket")
                        && names.contains("perfagent_cache_hits_total")
                        && names.contains("perfagent_concurrency_limit_limit"));
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> panel : exprs.entrySet()) {
            for (String expr : panel.getValue()) {
                Set<String> names = metricNames(expr);
                assertTrue(!names.isEmpty(), "no metric name found in " + expr);
                names.removeAll(live);
                if (!names.isEmpty()) {
                    missing.put(panel.getKey() + ": " + expr, names);
                }
            }
        }
        assertEquals(Map.of(), missing, "panel queries name metrics the agent does not export; live names: " + live);

        // Each agent's live exposition, every layer in it, passes Prometheus's own checker without a complaint
        // and is in base units (MetricNameRules, the rule of the exporters' and the agent's MetricUnitNamesTest, here
        // over the whole live registry). -Dperfagent.skipPromtool=true skips the checker, as in the exporters' tests.
        Path promtool = Boolean.getBoolean("perfagent.skipPromtool") ? null
                : Commands.requireOnPath("promtool", "prometheus");
        for (int port : new int[] {resilience, batch}) {
            String body = Http.getOk("http://127.0.0.1:" + port + "/metrics");
            if (promtool != null) {
                assertPromtoolAccepts(promtool, port, body);
            }
            assertEquals(List.of(), nonBaseUnitFamilies(body), "families not in base units at port " + port);
        }

        // A real Prometheus scrapes both agents; every query of every panel evaluates and has data.
        Path prometheus = Commands.requireOnPath("prometheus", "prometheus");
        Path config = TestFiles.write(dir, "prometheus.yml", String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: perf-agent",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + resilience + "', '127.0.0.1:" + batch + "']",
                ""));
        String api = startPrometheus(prometheus, config, dir);
        for (Map.Entry<String, List<String>> panel : exprs.entrySet()) {
            for (String expr : panel.getValue()) {
                String promql = substitute(expr);
                Poll.until("data for panel '" + panel.getKey() + "': " + promql, WAIT,
                        () -> query(api, promql), result -> result.size() > 0);
            }
        }
        // The template variables resolve to the services, instances and sites of the two agents.
        JsonNode services = query(api, "group by (service) (perfagent_agent_info)");
        Set<String> names = new TreeSet<>();
        services.forEach(s -> names.add(s.path("metric").path("service").asText()));
        assertEquals(Set.of("batch-app", "resilience-app"), names);
    }

    /** Pipes {@code body} through {@code promtool check metrics}; fails naming the lines it complains about. */
    private static void assertPromtoolAccepts(Path promtool, int port, String body) {
        CommandResult check = Commands.run(List.of(promtool.toString(), "check", "metrics"), PROMTOOL_WAIT, body);
        String complaints = (check.stdout() + check.stderr()).strip();
        if (check.exitCode() == 0 && complaints.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("promtool check metrics on /metrics at port " + port + ": exit "
                + check.exitCode() + "\n");
        List<String> lines = body.lines().toList();
        for (String complaint : complaints.lines().toList()) {
            message.append(complaint).append('\n');
            for (String line : offendingLines(complaint, lines)) {
                message.append("    ").append(line).append('\n');
            }
        }
        throw new AssertionError(message.toString());
    }

    /**
     * The lines of the exposition a promtool complaint is about: the line number of a parse error, else the lines
     * of the family it names first ({@code NAME problem}): its HELP and TYPE lines and its samples.
     */
    static List<String> offendingLines(String complaint, List<String> lines) {
        Matcher parseError = Pattern.compile("line (\\d+)").matcher(complaint);
        if (complaint.contains("parsing error") && parseError.find()) {
            int at = Integer.parseInt(parseError.group(1));
            return at >= 1 && at <= lines.size() ? List.of("line " + at + ": " + lines.get(at - 1)) : List.of();
        }
        String family = complaint.split("\\s+", 2)[0];
        return lines.stream()
                .filter(line -> {
                    String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                            ? line.substring(7).split(" ", 2)[0]
                            : line.split("[{ ]", 2)[0];
                    return name.equals(family) || name.startsWith(family + "_");
                })
                .limit(10)
                .toList();
    }

    private int startApp(Path dir, String name, String yaml, Path jar, String... args) {
        Path config = TestFiles.write(dir, name + ".yaml", yaml);
        ManagedProcess app = processes.start(name, JvmCommand.create().perfAgent(config).jar(jar).args(args), dir);
        return Integer.parseInt(app.stderr().await(PORT, WAIT).group(1));
    }

    /** Panel title to the {@code expr} of each of its targets. */
    static Map<String, List<String>> panelExprs(JsonNode dashboard) {
        Map<String, List<String>> exprs = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            List<String> list = new ArrayList<>();
            panel.path("targets").forEach(t -> list.add(t.path("expr").asText()));
            if (!list.isEmpty()) {
                exprs.put(panel.path("title").asText(), list);
            }
        }
        return exprs;
    }

    /**
     * The metric names a PromQL expression reads: what is left once label matchers, range selectors,
     * string literals, grouping clauses, Grafana variables, function names, keywords and numbers are taken out.
     */
    static Set<String> metricNames(String expr) {
        String rest = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")                   // string literals
                .replaceAll("\\{[^}]*}", " ")                                  // label matchers
                .replaceAll("\\[[^]]*]", " ")                                  // ranges, subqueries
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ");                             // $variables
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*(\\s*\\()?").matcher(rest);
        while (m.find()) {
            String word = m.group().replaceAll("[\\s(]", "");
            boolean function = m.group(1) != null;
            if (!function && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    /** Grafana's variables as Prometheus sees them: every value of a template variable, fixed intervals. */
    private static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "5m")
                .replaceAll("\\$\\{?(service|instance|site)}?", ".*");
    }

    /** Sample names in the two agents' /metrics now. */
    private static Set<String> liveNames(int... ports) {
        Set<String> names = new TreeSet<>();
        for (int port : ports) {
            PromText.scrape("http://127.0.0.1:" + port + "/metrics").samples()
                    .forEach(s -> names.add(s.name()));
        }
        return names;
    }

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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
