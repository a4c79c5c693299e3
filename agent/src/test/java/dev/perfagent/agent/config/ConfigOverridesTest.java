package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigOverridesTest {

    private static final String FILE_PORT = "export:\n  http:\n    port: 1000\n";
    private static final String RULES = "rules:\n"
            + "  - name: controllers\n"
            + "    match: a.B#c\n"
            + "    time: { slo-p99: 100ms }\n"
            + "  - name: feature-store.v2\n"
            + "    match: a.B#d\n"
            + "    time: {}\n";

    private static AgentConfig parse(String yaml, Map<String, String> properties, Map<String, String> environment)
            throws ConfigException {
        return ConfigLoader.parse(yaml, "perf-agent.yaml", properties, environment);
    }

    @Test
    void precedenceIsPropertyThenEnvironmentThenFileThenDefault() throws Exception {
        Map<String, String> property = Map.of("perfagent.export.http.port", "3000");
        Map<String, String> variable = Map.of("PERFAGENT_EXPORT_HTTP_PORT", "2000");

        assertEquals(9464, parse("", Map.of(), Map.of()).export().http().port());
        assertEquals(1000, parse(FILE_PORT, Map.of(), Map.of()).export().http().port());
        assertEquals(2000, parse(FILE_PORT, Map.of(), variable).export().http().port());
        assertEquals(3000, parse(FILE_PORT, property, variable).export().http().port());
        assertEquals(3000, parse(FILE_PORT, property, Map.of()).export().http().port());
        assertEquals(2000, parse("", Map.of(), variable).export().http().port());
    }

    @Test
    void everyScalarKeyCanBeOverridden() throws Exception {
        Map<String, String> properties = Map.of(
                "perfagent.service", "from-property",
                "perfagent.enabled", "false",
                "perfagent.log.level", "debug",
                "perfagent.log.file", "/tmp/agent.log",
                "perfagent.export.http.enabled", "false",
                "perfagent.export.http.host", "0.0.0.0",
                "perfagent.export.http.port", "0",
                "perfagent.weave.retransform-batch-size", "7",
                "perfagent.weave.retransform-pause", "5ms",
                "perfagent.weave.unmatched-warning-after", "0s");
        AgentConfig config = parse("", properties, Map.of());
        assertEquals("from-property", config.service());
        assertFalse(config.enabled());
        assertEquals(new LogConfig(LogConfig.Level.DEBUG, Optional.of(Path.of("/tmp/agent.log"))), config.log());
        assertEquals(new HttpExportConfig(false, "0.0.0.0", 0), config.export().http());
        assertEquals(new WeaveConfig(7, Duration.ofMillis(5), Duration.ZERO, List.of()), config.weave());
        assertEquals("<defaults>", ConfigLoader.loadDefaults(properties, Map.of()).source());
        assertEquals("from-property", ConfigLoader.loadDefaults(properties, Map.of()).service());
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() throws Exception {
        AgentConfig config = parse("", Map.of(), Map.of(
                "PERFAGENT_SERVICE", "from-env",
                "PERFAGENT_WEAVE_RETRANSFORM_PAUSE", "2ms",
                "PERFAGENT_LOG_LEVEL", "WARN"));
        assertEquals("from-env", config.service());
        assertEquals(Duration.ofMillis(2), config.weave().retransformPause());
        assertEquals(LogConfig.Level.WARN, config.log().level());
    }

    @Test
    void ruleKeysAreOverriddenByRuleName() throws Exception {
        AgentConfig config = parse(RULES, Map.of("perfagent.rules.controllers.time.slo-p99", "20ms"),
                Map.of("PERFAGENT_RULES_FEATURE_STORE_V2_TIME_SLO_P99", "1s"));
        assertEquals(Optional.of(Duration.ofMillis(20)), config.rules().get(0).time().get().sloP99());
        assertEquals(Optional.of(Duration.ofSeconds(1)), config.rules().get(1).time().get().sloP99());
    }

    @Test
    void aRuleKeyOverrideGivesTheRuleThatLayer() throws Exception {
        // The rule names no layer: invalid alone, valid once the override sets its time layer.
        String yaml = "rules:\n  - name: r\n    match: a.B#c\n";
        AgentConfig config = parse(yaml, Map.of("perfagent.rules.r.time.slo-p99", "5ms"), Map.of());
        assertEquals(Optional.of(new TimeConfig(Optional.of(Duration.ofMillis(5)))), config.rules().get(0).time());
    }

    @Test
    void badOverrideValuesNameTheProperty() {
        assertEquals(List.of("-Dperfagent.export.http.port: export.http.port: not a port number: 'abc'"),
                problems("", Map.of("perfagent.export.http.port", "abc"), Map.of()));
        assertEquals(List.of("$PERFAGENT_EXPORT_HTTP_PORT: export.http.port: not a port number: 'abc'"),
                problems("", Map.of(), Map.of("PERFAGENT_EXPORT_HTTP_PORT", "abc")));
        assertEquals(List.of("-Dperfagent.rules.controllers.time.slo-p99: rules[0].time.slo-p99: invalid duration 'soon'"
                        + " (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)"),
                problems(RULES, Map.of("perfagent.rules.controllers.time.slo-p99", "soon"), Map.of()));
        assertEquals(List.of("-Dperfagent.enabled: enabled: expected true or false, got 'no'"),
                problems("", Map.of("perfagent.enabled", "no"), Map.of()));
    }

    @Test
    void aValidOverrideDoesNotHideAnInvalidFileValue() {
        assertEquals(List.of("perf-agent.yaml:1:10: enabled: expected true or false, got 'off'"),
                problems("enabled: off\n", Map.of("perfagent.enabled", "true"), Map.of()));
    }

    @Test
    void unknownPropertiesAreProblemsWithASuggestion() {
        assertEquals(List.of("-Dperfagent.export.http.prot: export.http.prot: unknown key; did you mean 'export.http.port'?"
                        + " (keys that can be overridden: " + String.join(", ", ConfigKeys.overridable()) + ")"),
                problems("", Map.of("perfagent.export.http.prot", "1"), Map.of()));
        assertEquals(List.of("-Dperfagent.foo: foo: unknown key (keys that can be overridden: "
                        + String.join(", ", ConfigKeys.overridable()) + ")"),
                problems("", Map.of("perfagent.foo", "1"), Map.of()));
    }

    @Test
    void ruleOverridesMustNameARuleAndOneOfItsKeys() {
        assertEquals(List.of("-Dperfagent.rules.nope.time.slo-p99: rules.nope.time.slo-p99: names no rule in the config"
                        + " (rules: controllers, feature-store.v2); rule keys are overridden as rules.<name>.<key>"),
                problems(RULES, Map.of("perfagent.rules.nope.time.slo-p99", "1ms"), Map.of()));
        assertEquals(List.of("-Dperfagent.rules.controllers.time.slo-p98: rules.controllers.time.slo-p98: unknown key"
                        + " for rule 'controllers'; did you mean 'rules.controllers.time.slo-p99'?"
                        + " (keys that can be overridden: rules.controllers.time.slo-p99)"),
                problems(RULES, Map.of("perfagent.rules.controllers.time.slo-p98", "1ms"), Map.of()));
    }

    @Test
    void listsCannotBeOverridden() {
        assertEquals(List.of("-Dperfagent.weave.exclude: weave.exclude: cannot be overridden; set it in the config file"),
                problems("", Map.of("perfagent.weave.exclude", "a.*"), Map.of()));
        assertEquals(List.of("-Dperfagent.rules.controllers.match: rules.controllers.match: cannot be overridden;"
                        + " set it in the config file"),
                problems(RULES, Map.of("perfagent.rules.controllers.match", "a.B#x"), Map.of()));
    }

    @Test
    void reservedPropertiesAndUnknownVariablesAreIgnored() throws Exception {
        AgentConfig config = parse("", Map.of(
                        "perfagent.config", "/x.yaml",
                        "perfagent.tmpdir", "/tmp",
                        "perfagent.internal.started", "true",
                        "java.version", "17",
                        "perfagentx", "1"),
                Map.of("PERFAGENT_CONFIG", "/x.yaml", "PERFAGENT_WHATEVER", "1", "PATH", "/bin"));
        AgentConfig defaults = AgentConfig.defaults();
        assertEquals(new AgentConfig(defaults.service(), defaults.enabled(), defaults.log(), defaults.export(),
                defaults.weave(), defaults.reload(), defaults.rules(), "perf-agent.yaml"), config);
        assertTrue(ConfigLoader.RESERVED_PROPERTIES.contains("perfagent.config"));
    }

    @Test
    void overrideProblemsComeAfterFileProblems() {
        assertEquals(List.of(
                        "perf-agent.yaml:1:1: service: missing value (expected a name)",
                        "-Dperfagent.export.http.port: export.http.port: port out of range: 65536 (expected 0..65535)"),
                problems("service: \n", Map.of("perfagent.export.http.port", "65536"), Map.of()));
    }

    @Test
    void overrideValuesAreTrimmed() throws Exception {
        assertEquals(8080, parse("", Map.of("perfagent.export.http.port", " 8080 "), Map.of()).export().http().port());
    }
}
