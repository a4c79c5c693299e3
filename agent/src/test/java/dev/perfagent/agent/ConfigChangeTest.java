package dev.perfagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.agent.config.AgentConfig;
import dev.perfagent.agent.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigChangeTest {

    private static final String BASE = """
            service: svc
            rules:
              - name: score
                match: a.B#score(..)
                batch: { via: "a.B#scoreBatch(float[][])", max-size: 32 }
              - name: plain
                match: a.B#plain()
                time: {}
            """;

    private static AgentConfig parse(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "perf-agent.yaml", Map.of(), Map.of());
    }

    @Test
    void commentsAndLayoutAreNoChange() throws Exception {
        assertEquals(ConfigChange.NONE, ConfigChange.between(parse(BASE), parse("# a comment\n\n" + BASE)));
    }

    @Test
    void layerSettingsAloneAreSwappedInPlace() throws Exception {
        assertEquals(ConfigChange.LAYERS,
                ConfigChange.between(parse(BASE), parse(BASE.replace("max-size: 32", "max-size: 8"))));
    }

    @Test
    void aSiteWovenWithoutArgumentsWeavesAgainForALayerThatReadsThem() throws Exception {
        String breaker = BASE.replace("    time: {}", "    time: {}\n    circuit-breaker: { failure-rate: 50% }");
        AgentConfig base = parse(breaker);
        assertEquals(ConfigChange.LAYERS, ConfigChange.between(base,
                parse(breaker.replace("failure-rate: 50%", "failure-rate: 20%"))));
        // A cache keys on the arguments, which the breaker's site was woven not to pass.
        assertEquals(ConfigChange.RESTART, ConfigChange.between(base,
                parse(breaker.replace("    circuit-breaker:", "    cache: { max-size: 100 }\n    circuit-breaker:"))));
        // Taking the cache away again leaves arguments no layer reads: swapped in place.
        assertEquals(ConfigChange.LAYERS, ConfigChange.between(
                parse(breaker.replace("    circuit-breaker:", "    cache: { max-size: 100 }\n    circuit-breaker:")), base));
    }

    @Test
    void whatIsWovenOrHowNeedsWeavingAgain() throws Exception {
        AgentConfig base = parse(BASE);
        assertEquals(ConfigChange.RESTART, ConfigChange.between(base, parse(BASE.replace("a.B#plain()", "a.B#other()"))));
        assertEquals(ConfigChange.RESTART, ConfigChange.between(base,
                parse(BASE.replace("scoreBatch(float[][])", "scoreAll(float[][])"))));
        assertEquals(ConfigChange.RESTART, ConfigChange.between(base, parse(BASE.replace("service: svc", "service: x"))));
        // A timing-only site cannot gain call layers without the call advice.
        assertEquals(ConfigChange.RESTART, ConfigChange.between(base, parse(BASE.replace("    time: {}",
                "    time: {}\n    batch: { via: \"a.B#plainBatch(java.util.List)\" }"))));
        assertEquals(ConfigChange.RESTART, ConfigChange.between(base, parse(BASE + "reload: true\n")));
        // The exit report's hook is installed at start.
        assertEquals(ConfigChange.RESTART, ConfigChange.between(base, parse(BASE + "report: { on-exit: r.md }\n")));
    }

    @Test
    void onnxReplicasWeaveWhereSessionsAreCreatedSoTurningThemOnOrOffWeavesAgain() throws Exception {
        String onnx = """
                service: svc
                rules:
                  - name: onnx
                    match: ai.onnxruntime.OrtSession#run(java.util.Map)
                    batch: { max-size: 32, executors: { replicas: 2 } }
                """;
        AgentConfig replicated = parse(onnx);
        assertEquals(ConfigChange.RESTART, ConfigChange.between(replicated, parse(onnx.replace("replicas: 2",
                "replicas: 1"))));
        assertEquals(ConfigChange.LAYERS, ConfigChange.between(replicated, parse(onnx.replace("replicas: 2",
                "replicas: 3"))));
    }
}
