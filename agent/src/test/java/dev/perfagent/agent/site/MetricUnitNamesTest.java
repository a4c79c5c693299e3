package dev.perfagent.agent.site;

import static dev.perfagent.export.prometheus.MetricNameRules.nonBaseUnitFamilies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.AgentConfig;
import dev.perfagent.agent.config.ConfigLoader;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.prometheus.PrometheusExport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The agent's real protection layers, one site of every configurable kind, scraped through the real
 * Prometheus export: every metric family is in Prometheus base units (seconds, bytes, ratios from 0
 * to 1), never percent, milliseconds or kilobytes. The layers live here, not in the exporters
 * module, which only sees test doubles; the rule is the exporters' {@link
 * dev.perfagent.export.prometheus.MetricNameRules}, which their {@code MetricUnitNamesTest} applies to the
 * families the export names itself (sites, batches).
 */
class MetricUnitNamesTest {

    private static final String CONFIG = String.join("\n",
            "rules:",
            "  - name: cache",
            "    match: a.Catalog#describe(..)",
            "    cache: { max-size: 10, ttl: 10m, refresh-after: 5m }",
            "  - name: breaker",
            "    match: a.Prices#fetch(..)",
            "    circuit-breaker: { failure-rate: 50%, slow-call: 200ms, window: 10, minimum-calls: 2 }",
            "  - name: limit",
            "    match: a.Inventory#reserve(..)",
            "    concurrency-limit: { algorithm: gradient2, max-limit: 200 }",
            "  - name: partitioned",
            "    match: a.Feed#read(..)",
            "    concurrency-limit:",
            "      algorithm: fixed",
            "      limit: 4",
            "      when-limited: wait",
            "      max-wait: 10ms",
            "      partition: { by: 1, shares: { live: 80%, batch: 20% } }",
            "  - name: rate",
            "    match: a.Audit#record(..)",
            "    rate-limit: { permits: 100, per: 1s, burst: 20 }",
            "  - name: observed",
            "    match: a.Search#find(..)",
            "    observe-keys: { max-size: 500 }",
            "    time: { slo-p99: 100ms }",
            "");

    /** The woven method of each rule, as the weaver would name it. */
    private static final Map<String, String> METHODS = Map.of(
            "cache", "a.Catalog#describe(java.lang.String, java.lang.String)",
            "breaker", "a.Prices#fetch(java.lang.String, java.lang.String)",
            "limit", "a.Inventory#reserve(java.lang.String, java.lang.String)",
            "partitioned", "a.Feed#read(java.lang.String, java.lang.String)",
            "rate", "a.Audit#record(java.lang.String, java.lang.String)",
            "observed", "a.Search#find(java.lang.String, java.lang.String)");

    @Test
    void everyLayerKindExportsItsFiguresInBaseUnits() throws Exception {
        String scrape = scrapeAfterCalls(3);
        assertTrue(scrape.contains("# TYPE perfagent_circuit_breaker_failure_rate_ratio gauge"), scrape);
        assertEquals(List.of(), nonBaseUnitFamilies(scrape), scrape);
    }

    /**
     * Labels stay bounded: their values come from the config and the woven methods, never from the arguments of
     * the calls, so 500 distinct keys make no more series than 3 (a cache or observe-keys layer that labelled its
     * keys would grow a series per key).
     */
    @Test
    void theSeriesDoNotGrowWithTheArgumentsTheCallsCarry() throws Exception {
        List<String> few = seriesNames(scrapeAfterCalls(3));
        List<String> many = seriesNames(scrapeAfterCalls(500));
        assertEquals(few, many);
    }

    /** A site of every layer kind, 20 calls or {@code distinctKeys}, whichever is more, some failing; the scrape. */
    private static String scrapeAfterCalls(int distinctKeys) throws Exception {
        AgentConfig config = ConfigLoader.parse(CONFIG, "perf-agent.yaml", Map.of(), Map.of());
        try (PrometheusExport export = new PrometheusExport()) {
            SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.ERROR),
                    export::addSite);
            Set<String> layers = new TreeSet<>();
            for (RuleConfig rule : config.rules()) {
                String method = METHODS.get(rule.name());
                Site site = registry.register(rule, LayerTarget.of(rule.name(), method, "java.lang.String",
                        List.of("java.lang.String", "java.lang.String")), null);
                // Calls, some failing, so that figures which appear with the first samples are there too.
                for (int i = 0; i < Math.max(20, distinctKeys); i++) {
                    Object entered = site.chain().enter(null, new Object[] {"k" + (i % distinctKeys), "live"},
                            System.nanoTime());
                    if (entered instanceof LayeredCall call) {
                        call.exit(i % 4 == 0 ? null : "v", i % 4 == 0 ? new IOException("down") : null);
                    }
                }
                site.layerMetrics().forEach(m -> layers.add(m.layer()));
            }
            assertEquals(Set.of("cache", "circuit_breaker", "concurrency_limit", "rate_limit", "observe_keys"),
                    layers, "a site of every layer kind");
            return export.scrape();
        }
    }

    /** Every sample line's series: the name and its labels, without the value. */
    private static List<String> seriesNames(String scrape) {
        List<String> series = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                series.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return series;
    }
}
