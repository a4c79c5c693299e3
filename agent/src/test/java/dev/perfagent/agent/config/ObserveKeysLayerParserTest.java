package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObserveKeysLayerParserTest {

    private static final String HEAD = "rules:\n  - name: prices\n    match: a.Catalog#price(..)\n";

    private static RuleConfig rule(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(HEAD + yaml, "perf-agent.yaml", properties, Map.of()).rules().get(0);
    }

    @Test
    void trueOrEmptyGiveTheDefaultsAndTheLayerActsOnCalls() throws ConfigException {
        ObserveKeysConfig defaults = new ObserveKeysConfig(1000, 1.0, false);
        assertEquals(Optional.of(defaults), rule("    observe-keys: true\n", Map.of()).observeKeys());
        RuleConfig rule = rule("    observe-keys: {}\n", Map.of());
        assertEquals(Optional.of(defaults), rule.observeKeys());
        assertTrue(rule.actsOnCalls());
        assertTrue(rule.readsValues(), "the keys are arguments");
    }

    @Test
    void readsEveryKeyAndOverrides() throws ConfigException {
        assertEquals(Optional.of(new ObserveKeysConfig(500, 0.1, true)),
                rule("    observe-keys: { max-size: 500, key-sample: 10%, shared: true }\n", Map.of()).observeKeys());
        assertEquals(Optional.of(new ObserveKeysConfig(20, 1.0, false)),
                rule("    time: {}\n", Map.of("perfagent.rules.prices.observe-keys.max-size", "20")).observeKeys());
    }

    @Test
    void badValuesAndACacheBesideItAreReported() {
        assertEquals(List.of("perf-agent.yaml:4:33: rules[0].observe-keys.key-sample: must be more than 0% and at"
                        + " most 100%, got '0%'"),
                problems(HEAD + "    observe-keys: { key-sample: 0% }\n"));
        assertEquals(List.of("perf-agent.yaml:4:19: rules[0].observe-keys: expected a mapping such as { max-size: 1000,"
                        + " key-sample: 100% }, {} or true, got 'false'; to turn the layer off, remove the key"),
                problems(HEAD + "    observe-keys: false\n"));
        assertEquals(List.of("perf-agent.yaml:5:19: rules[0].observe-keys: the rule already has a cache, whose hit"
                        + " ratio is measured; remove observe-keys"),
                problems(HEAD + "    cache: { max-size: 10 }\n    observe-keys: {}\n"));
    }
}
