package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.WhenFull;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSettings;
import dev.perfagent.agent.layer.batch.dispatch.RoutingStrategy;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchLayerParserTest {

    private static final String HEAD = "rules:\n  - name: mlp\n    match: a.Model#score(float[])\n";

    private static RuleConfig rule(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(HEAD + yaml, "perf-agent.yaml", properties, Map.of()).rules().get(0);
    }

    @Test
    void defaultsNeedOnlyVia() throws ConfigException {
        RuleConfig rule = rule("    batch: { via: \"a.Model#scoreBatch(float[][])\" }\n", Map.of());
        assertEquals(Optional.of(new BatchConfig(MethodPattern.parse("a.Model#scoreBatch(float[][])"),
                BatchSettings.defaults())), rule.batch());
        assertEquals(Optional.empty(), rule.time(), "batched calls are timed without a time layer");
    }

    @Test
    void readsEveryKey() throws ConfigException {
        RuleConfig rule = rule("    batch:\n      via: a.Model#scoreBatch(java.util.List)\n      max-size: 128\n"
                + "      workers: 2\n      queue-capacity: 100\n      when-full: reject\n      timeout: 2s\n"
                + "      slo-p99: 50ms\n      max-delay: 0ms\n", Map.of());
        assertEquals(new BatchSettings(128, 2, 100, WhenFull.REJECT, Optional.of(Duration.ofSeconds(2)),
                Optional.of(Duration.ofMillis(50)), Duration.ZERO), rule.batch().orElseThrow().settings());
    }

    @Test
    void viaMayBeLeftToALibraryAdapter() throws ConfigException {
        RuleConfig rule = rule("    batch: { max-size: 16 }\n", Map.of());
        assertEquals(Optional.empty(), rule.batch().orElseThrow().via());
    }

    @Test
    void aFixedDelayForBaselines() throws ConfigException {
        RuleConfig rule = rule("    batch: { via: \"a.Model#scoreBatch(float[][])\", delay: 1ms }\n", Map.of());
        assertEquals(Duration.ofMillis(1), rule.batch().orElseThrow().delay());
    }

    @Test
    void overridesReachBatchKeys() throws ConfigException {
        RuleConfig rule = rule("    batch: { via: \"a.Model#scoreBatch(float[][])\" }\n",
                Map.of("perfagent.rules.mlp.batch.max-size", "8", "perfagent.rules.mlp.batch.when-full", "block"));
        assertEquals(8, rule.batch().orElseThrow().settings().maxSize());
        assertEquals(WhenFull.BLOCK, rule.batch().orElseThrow().settings().whenFull());
    }

    @Test
    void problemsNameLineColumnAndKey() {
        assertEquals(List.of("perf-agent.yaml:4:20: rules[0].batch.via: expected '#' between class and method in 'a.Model'"),
                problems(HEAD + "    batch: { via: a.Model }\n"));
        assertEquals(List.of("perf-agent.yaml:4:63: rules[0].batch.when-full: unknown value 'drop' "
                        + "(expected one of: run-alone, reject, block)"),
                problems(HEAD + "    batch: { via: \"a.Model#scoreBatch(float[][])\", when-full: drop }\n"));
        assertEquals(List.of("perf-agent.yaml:4:12: rules[0].batch: expected a mapping such as "
                        + "{ via: \"com.example.Model#scoreBatch(float[][])\" }, got 'yes'"),
                problems(HEAD + "    batch: yes\n"));
        assertEquals(List.of("perf-agent.yaml:4:66: rules[0].batch.delay: a fixed delay and slo-p99 exclude each other:"
                        + " with an SLO the controller chooses the delay (bounded by max-delay)"),
                problems(HEAD + "    batch: { via: \"a.Model#scoreBatch(float[][])\", slo-p99: 5ms, delay: 1ms }\n"));
    }

    @Test
    void executorsDefaultToOne() throws ConfigException {
        RuleConfig rule = rule("    batch: { via: \"a.Model#scoreBatch(float[][])\" }\n", Map.of());
        assertEquals(ExecutorSettings.single(), rule.batch().orElseThrow().executors());
        assertEquals(1, rule.batch().orElseThrow().settings().workers());
    }

    @Test
    void readsExecutorsAndWorkersDefaultToReplicas() throws ConfigException {
        RuleConfig rule = rule("    batch:\n      via: a.Model#scoreBatch(float[][])\n      executors:\n"
                + "        replicas: 3\n        strategy: weighted\n        weights: [3, 1, 1]\n"
                + "        eject-after: 2\n        probe-after: 10s\n", Map.of());
        BatchConfig batch = rule.batch().orElseThrow();
        assertEquals(new ExecutorSettings(3, RoutingStrategy.WEIGHTED, 0, List.of(3, 1, 1), 2, Duration.ofSeconds(10)),
                batch.executors());
        assertEquals(3, batch.settings().workers(), "one batch in flight per executor");
    }

    @Test
    void givenWorkersWinOverReplicas() throws ConfigException {
        RuleConfig rule = rule("    batch: { via: \"a.Model#scoreBatch(float[][])\", workers: 8,"
                + " executors: { replicas: 2, strategy: consistent-hash, hash-argument: 0 } }\n", Map.of());
        BatchConfig batch = rule.batch().orElseThrow();
        assertEquals(8, batch.settings().workers());
        assertEquals(RoutingStrategy.CONSISTENT_HASH, batch.executors().strategy());
    }

    @Test
    void overridesReachExecutorKeys() throws ConfigException {
        RuleConfig rule = rule("    batch: { via: \"a.Model#scoreBatch(float[][])\", executors: { replicas: 2 } }\n",
                Map.of("perfagent.rules.mlp.batch.executors.strategy", "least-latency",
                        "perfagent.rules.mlp.batch.executors.replicas", "4"));
        assertEquals(RoutingStrategy.LEAST_LATENCY, rule.batch().orElseThrow().executors().strategy());
        assertEquals(4, rule.batch().orElseThrow().executors().replicas());
    }

    @Test
    void executorProblemsNameTheKey() {
        String head = HEAD + "    batch:\n      via: a.Model#scoreBatch(float[][])\n      executors:\n";
        assertEquals(List.of("perf-agent.yaml:7:19: rules[0].batch.executors.strategy: unknown value 'random' (expected"
                        + " one of round-robin, least-outstanding, power-of-two, least-latency, weighted, consistent-hash)"),
                problems(head + "        strategy: random\n"));
        assertEquals(List.of("perf-agent.yaml:8:9: rules[0].batch.executors.hash-argument: applies only with"
                        + " strategy: consistent-hash"),
                problems(head + "        replicas: 2\n        hash-argument: 1\n"));
        assertEquals(List.of("perf-agent.yaml:9:9: rules[0].batch.executors.weights: give one weight per replica:"
                        + " 2 (replicas), got 3"),
                problems(head + "        replicas: 2\n        strategy: weighted\n        weights: [1, 2, 3]\n"));
        assertEquals(List.of("perf-agent.yaml:7:19: rules[0].batch.executors.weights[0]: must be from 1 to 100, got 0"),
                problems(head + "        weights: [0]\n        strategy: weighted\n"));
    }
}
