package dev.perfagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigKeysTest {

    @Test
    void listsEveryKeyPath() {
        assertEquals(List.of(
                "service", "enabled",
                "log", "log.level", "log.file",
                "export", "export.http", "export.http.enabled", "export.http.host", "export.http.port", "export.http.token",
                "export.http.insecure", "export.http.allow-actions", "export.http.show-values",
                "export.jfr", "export.jfr.enabled", "export.jfr.settings", "export.jfr.max-age", "export.jfr.max-size",
                "export.jfr.dump-on-exit",
                "export.otlp", "export.otlp.enabled", "export.otlp.endpoint", "export.otlp.interval",
                "export.otlp.headers", "export.otlp.resource", "export.otlp.aggregation-temporality",
                "weave", "weave.retransform-batch-size", "weave.retransform-pause", "weave.unmatched-warning-after",
                "weave.exclude", "reload", "reload-interval",
                "rules", "rules[].name", "rules[].match", "rules[].time", "rules[].time.slo-p99",
                "rules[].batch", "rules[].batch.via", "rules[].batch.max-size", "rules[].batch.workers", "rules[].batch.queue-capacity", "rules[].batch.when-full", "rules[].batch.timeout", "rules[].batch.slo-p99", "rules[].batch.max-delay", "rules[].batch.delay", "rules[].batch.executors", "rules[].batch.executors.replicas", "rules[].batch.executors.strategy", "rules[].batch.executors.hash-argument", "rules[].batch.executors.weights", "rules[].batch.executors.eject-after", "rules[].batch.executors.probe-after",
                "rules[].rate-limit", "rules[].rate-limit.permits", "rules[].rate-limit.per", "rules[].rate-limit.burst",
                "rules[].rate-limit.when-limited", "rules[].rate-limit.max-wait",
                "rules[].concurrency-limit", "rules[].concurrency-limit.algorithm",
                "rules[].concurrency-limit.initial-limit", "rules[].concurrency-limit.min-limit",
                "rules[].concurrency-limit.max-limit", "rules[].concurrency-limit.smoothing",
                "rules[].concurrency-limit.queue-size", "rules[].concurrency-limit.rtt-tolerance",
                "rules[].concurrency-limit.long-window", "rules[].concurrency-limit.alpha",
                "rules[].concurrency-limit.beta", "rules[].concurrency-limit.probe-multiplier",
                "rules[].concurrency-limit.backoff-ratio", "rules[].concurrency-limit.timeout",
                "rules[].concurrency-limit.limit", "rules[].concurrency-limit.when-limited",
                "rules[].concurrency-limit.max-wait", "rules[].concurrency-limit.dropped-on",
                "rules[].concurrency-limit.partition", "rules[].concurrency-limit.partition.by",
                "rules[].concurrency-limit.partition.shares",
                "rules[].circuit-breaker", "rules[].circuit-breaker.window-type", "rules[].circuit-breaker.window", "rules[].circuit-breaker.failure-rate", "rules[].circuit-breaker.slow-call", "rules[].circuit-breaker.slow-call-rate", "rules[].circuit-breaker.minimum-calls", "rules[].circuit-breaker.open-for", "rules[].circuit-breaker.half-open-calls", "rules[].circuit-breaker.max-half-open", "rules[].circuit-breaker.automatic-transition", "rules[].circuit-breaker.record", "rules[].circuit-breaker.ignore", "rules[].circuit-breaker.success", "rules[].circuit-breaker.fallback",
                "rules[].cache", "rules[].cache.max-size", "rules[].cache.max-weight", "rules[].cache.ttl",
                "rules[].cache.idle", "rules[].cache.refresh-after", "rules[].cache.cache-nulls",
                "rules[].cache.cache-exceptions", "rules[].cache.key", "rules[].cache.shared",
                "rules[].cache.invalidate-on",
                "rules[].observe-keys", "rules[].observe-keys.max-size", "rules[].observe-keys.key-sample",
                "rules[].observe-keys.shared",
                "profiling", "profiling.enabled", "profiling.cpu", "profiling.interval", "profiling.alloc",
                "profiling.locks", "profiling.wall", "profiling.io-threshold", "profiling.window",
                "profiling.max-overhead", "profiling.native-dir",
                "gpu", "gpu.mode", "gpu.period", "gpu.memory-headroom", "gpu.pinned-pool-max",
                "report", "report.on-exit"),
                ConfigKeys.all());
    }

    @Test
    void listsTheOverridableKeys() {
        assertEquals(List.of(
                "service", "enabled", "log.level", "log.file",
                "export.http.enabled", "export.http.host", "export.http.port", "export.http.token",
                "export.http.insecure", "export.http.allow-actions", "export.http.show-values",
                "export.jfr.enabled", "export.jfr.settings", "export.jfr.max-age", "export.jfr.max-size",
                "export.jfr.dump-on-exit",
                "export.otlp.enabled", "export.otlp.endpoint", "export.otlp.interval",
                "export.otlp.aggregation-temporality",
                "weave.retransform-batch-size", "weave.retransform-pause", "weave.unmatched-warning-after",
                "reload", "reload-interval",
                "rules.<name>.time.slo-p99", "rules.<name>.batch.via", "rules.<name>.batch.max-size", "rules.<name>.batch.workers", "rules.<name>.batch.queue-capacity", "rules.<name>.batch.when-full", "rules.<name>.batch.timeout", "rules.<name>.batch.slo-p99", "rules.<name>.batch.max-delay", "rules.<name>.batch.delay", "rules.<name>.batch.executors.replicas", "rules.<name>.batch.executors.strategy", "rules.<name>.batch.executors.hash-argument", "rules.<name>.batch.executors.eject-after", "rules.<name>.batch.executors.probe-after",
                "rules.<name>.rate-limit.permits", "rules.<name>.rate-limit.per", "rules.<name>.rate-limit.burst",
                "rules.<name>.rate-limit.when-limited", "rules.<name>.rate-limit.max-wait",
                "rules.<name>.concurrency-limit.algorithm", "rules.<name>.concurrency-limit.initial-limit",
                "rules.<name>.concurrency-limit.min-limit", "rules.<name>.concurrency-limit.max-limit",
                "rules.<name>.concurrency-limit.smoothing", "rules.<name>.concurrency-limit.queue-size",
                "rules.<name>.concurrency-limit.rtt-tolerance", "rules.<name>.concurrency-limit.long-window",
                "rules.<name>.concurrency-limit.alpha", "rules.<name>.concurrency-limit.beta",
                "rules.<name>.concurrency-limit.probe-multiplier", "rules.<name>.concurrency-limit.backoff-ratio",
                "rules.<name>.concurrency-limit.timeout", "rules.<name>.concurrency-limit.limit",
                "rules.<name>.concurrency-limit.when-limited", "rules.<name>.concurrency-limit.max-wait",
                "rules.<name>.concurrency-limit.partition.by",
                "rules.<name>.circuit-breaker.window-type", "rules.<name>.circuit-breaker.window", "rules.<name>.circuit-breaker.failure-rate", "rules.<name>.circuit-breaker.slow-call", "rules.<name>.circuit-breaker.slow-call-rate", "rules.<name>.circuit-breaker.minimum-calls", "rules.<name>.circuit-breaker.open-for", "rules.<name>.circuit-breaker.half-open-calls", "rules.<name>.circuit-breaker.max-half-open", "rules.<name>.circuit-breaker.automatic-transition", "rules.<name>.circuit-breaker.fallback",
                "rules.<name>.cache.max-size", "rules.<name>.cache.max-weight", "rules.<name>.cache.ttl",
                "rules.<name>.cache.idle", "rules.<name>.cache.refresh-after", "rules.<name>.cache.cache-nulls",
                "rules.<name>.cache.cache-exceptions", "rules.<name>.cache.shared",
                "rules.<name>.observe-keys.max-size", "rules.<name>.observe-keys.key-sample",
                "rules.<name>.observe-keys.shared",
                "profiling.enabled", "profiling.cpu", "profiling.interval", "profiling.alloc", "profiling.locks",
                "profiling.wall", "profiling.io-threshold", "profiling.window", "profiling.max-overhead",
                "profiling.native-dir",
                "gpu.mode", "gpu.period", "gpu.memory-headroom", "gpu.pinned-pool-max", "report.on-exit"),
                ConfigKeys.overridable());
    }

    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @CsvSource(delimiter = '|', textBlock = """
            service                          | perfagent.service                          | PERFAGENT_SERVICE
            export.http.port                 | perfagent.export.http.port                 | PERFAGENT_EXPORT_HTTP_PORT
            weave.retransform-pause          | perfagent.weave.retransform-pause          | PERFAGENT_WEAVE_RETRANSFORM_PAUSE
            rules.feature-store.time.slo-p99 | perfagent.rules.feature-store.time.slo-p99 | PERFAGENT_RULES_FEATURE_STORE_TIME_SLO_P99
            """)
    void overrideNames(String path, String property, String variable) {
        assertEquals(property, ConfigKeys.systemProperty(path));
        assertEquals(variable, ConfigKeys.environmentVariable(path));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', textBlock = """
            slo_p99  | slo-p99  | 1
            prot     | port     | 2
            servce   | service  | 1
            ''       | abc      | 3
            kitten   | sitting  | 3
            """)
    void editDistance(String a, String b, int distance) {
        assertEquals(distance, EditDistance.between(a, b));
        assertEquals(distance, EditDistance.between(b, a));
    }

    @Test
    void suggestsOnlyCloseKeys() {
        List<String> keys = List.of("service", "enabled", "log", "export", "weave", "rules");
        assertEquals("service", EditDistance.nearest("Service", keys).orElseThrow());
        assertEquals("log", EditDistance.nearest("logs", keys).orElseThrow());
        assertEquals("rules", EditDistance.nearest("rule", keys).orElseThrow());
        assertTrue(EditDistance.nearest("colour", keys).isEmpty());
        assertTrue(EditDistance.nearest("x", List.of("y")).isEmpty());
    }
}
