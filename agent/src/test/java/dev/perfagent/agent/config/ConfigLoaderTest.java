package dev.perfagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String FILE = "perf-agent.yaml";

    static AgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, FILE, Map.of(), Map.of());
    }

    /** The one-line problems for a config that must fail. */
    static List<String> problems(String yaml) {
        return problems(yaml, Map.of(), Map.of());
    }

    static List<String> problems(String yaml, Map<String, String> properties, Map<String, String> environment) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(yaml, FILE, properties, environment));
        return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    private static final String RULE = "rules:\n  - name: r\n    match: a.B#c\n    time: {}\n";

    // --- valid configs ------------------------------------------------------------------------

    @Test
    void readsAFullFile() throws Exception {
        Path file = Path.of(getClass().getResource("/config/full.yaml").toURI());
        AgentConfig config = ConfigLoader.load(file, Map.of(), Map.of());

        assertEquals("inference-service", config.service());
        assertTrue(config.enabled());
        assertEquals(new LogConfig(LogConfig.Level.DEBUG, Optional.of(Path.of("/tmp/perf-agent.log"))), config.log());
        assertEquals(new ExportConfig(new HttpExportConfig(false, "0.0.0.0", 0)), config.export());
        assertEquals(new WeaveConfig(20, Duration.ofMillis(5), Duration.ofMinutes(1),
                List.of("com.example.generated..*", "com.example.Legacy*")), config.weave());
        assertEquals(file.toString(), config.source());

        List<RuleConfig> rules = config.rules();
        assertEquals(List.of("controllers", "mlp.scoring", "embed-2", "ctor_only"),
                rules.stream().map(RuleConfig::name).collect(Collectors.toList()));
        assertEquals(List.of(MethodPattern.parse("com.example..*Controller#*(..)")), rules.get(0).match());
        assertEquals(Optional.of(new TimeConfig(Optional.of(Duration.ofMillis(100)))), rules.get(0).time());
        assertEquals(new ConfigLocation(file.toString(), 18, 5), rules.get(0).location());
        assertEquals(List.of(MethodPattern.parse("com.example.model.MlpModel#score(float[])"),
                MethodPattern.parse("com.example.model.MlpModel#scoreBatch(float[][])")), rules.get(1).match());
        assertEquals(Optional.of(TimeConfig.withoutSlo()), rules.get(1).time());
        assertEquals(Optional.of(TimeConfig.withoutSlo()), rules.get(2).time());
        assertEquals(Optional.of(TimeConfig.withoutSlo()), rules.get(3).time());
        assertTrue(rules.get(3).match().get(0).selectsConstructors());
        assertEquals(List.of(), ConfigLoader.validate(file));
    }

    @Test
    void emptyDocumentsGiveDefaults() throws Exception {
        for (String yaml : List.of("", "# only a comment\n", "---\n", "log:\nexport:\n  http:\nrules:\n")) {
            AgentConfig config = parse(yaml);
            AgentConfig defaults = AgentConfig.defaults();
            assertEquals(defaults.service(), config.service());
            assertEquals(defaults.log(), config.log());
            assertEquals(defaults.export(), config.export());
            assertEquals(defaults.weave(), config.weave());
            assertEquals(List.of(), config.rules());
            assertEquals(FILE, config.source());
        }
    }

    @Test
    void defaultsAreDocumentedValues() throws Exception {
        AgentConfig defaults = ConfigLoader.loadDefaults(Map.of(), Map.of());
        assertEquals(AgentConfig.defaults(), defaults);
        assertEquals("unknown-service", defaults.service());
        assertTrue(defaults.enabled());
        assertEquals(LogConfig.Level.INFO, defaults.log().level());
        assertEquals(Optional.empty(), defaults.log().file());
        assertEquals(new HttpExportConfig(true, "127.0.0.1", 9464), defaults.export().http());
        assertEquals(new WeaveConfig(50, Duration.ofMillis(10), Duration.ofSeconds(30), List.of()), defaults.weave());
        assertEquals("<defaults>", defaults.source());
    }

    @Test
    void disabledConfigIsStillValidated() {
        assertEquals(List.of("perf-agent.yaml:2:15: log.level: unknown log level 'loud' (expected one of: error, warn, info, debug)"),
                problems("enabled: false\nlog: { level: loud }\n"));
    }

    @Test
    void levelsAreCaseInsensitive() throws Exception {
        assertEquals(LogConfig.Level.WARN, parse("log: { level: WARN }").log().level());
    }

    @Test
    void recordsAreImmutable() throws Exception {
        AgentConfig config = parse(RULE + "weave: { exclude: [a.B] }\n");
        assertThrows(UnsupportedOperationException.class, () -> config.rules().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.weave().exclude().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.rules().get(0).match().clear());
    }

    // --- one problem per error kind -------------------------------------------------------------

    @Test
    void invalidDurationNamesFileLineColumnAndKey() {
        String yaml = "service: s\n"
                + "rules:\n"
                + "  - name: a\n"
                + "    match: a.B#c\n"
                + "    time: {}\n"
                + "  - name: b\n"
                + "    match: a.B#d\n"
                + "    time: { slo-p99: fast }\n";
        assertEquals(List.of("perf-agent.yaml:8:22: rules[1].time.slo-p99: invalid duration 'fast'"
                + " (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)"), problems(yaml));
    }

    @Test
    void eachKindOfValueErrorHasItsMessage() {
        assertEquals(List.of("perf-agent.yaml:1:10: enabled: expected true or false, got 'yes'"),
                problems("enabled: yes"));
        assertEquals(List.of("perf-agent.yaml:1:1: service: missing value (expected a name)"),
                problems("service: ~"));
        assertEquals(List.of("perf-agent.yaml:1:10: service: expected a name, got a list"),
                problems("service: [a, b]"));
        assertEquals(List.of("perf-agent.yaml:1:25: export.http.port: not a port number: 'abc'"),
                problems("export: { http: { port: abc } }"));
        assertEquals(List.of("perf-agent.yaml:1:25: export.http.port: port out of range: 70000 (expected 0..65535)"),
                problems("export: { http: { port: 70000 } }"));
        assertEquals(List.of("perf-agent.yaml:1:25: export.http.host: invalid host 'a b' (expected a host name or IP address, e.g. 127.0.0.1)"),
                problems("export: { http: { host: 'a b' } }"));
        assertEquals(List.of("perf-agent.yaml:1:34: weave.retransform-batch-size: must be at least 1, got 0"),
                problems("weave: { retransform-batch-size: 0 }"));
        assertEquals(List.of("perf-agent.yaml:1:34: weave.retransform-batch-size: not a whole number: '1.5'"),
                problems("weave: { retransform-batch-size: 1.5 }"));
        assertEquals(List.of("perf-agent.yaml:1:29: weave.retransform-pause: invalid duration '10':"
                        + " a unit is required (ns, us, ms, s, m, h — e.g. 10ms)"),
                problems("weave: { retransform-pause: 10 }"));
        assertEquals(List.of("perf-agent.yaml:1:9: export: expected a mapping (key: value pairs), got 'yes'"),
                problems("export: yes"));
        assertEquals(List.of("perf-agent.yaml:1:1: (root): expected a mapping (key: value pairs), got a list"),
                problems("- a\n- b\n"));
        assertEquals(List.of("perf-agent.yaml:1:8: rules: expected a list of rules (each item starting with '- name: ...'), got a mapping"),
                problems("rules: { name: x }"));
        assertEquals(List.of("perf-agent.yaml:2:5: rules[0]: expected a rule (a mapping with name, match and a layer), got 'x'"),
                problems("rules:\n  - x\n"));
    }

    @Test
    void zeroSloIsRejectedButZeroPauseIsFine() throws Exception {
        assertEquals(List.of("perf-agent.yaml:4:22: rules[0].time.slo-p99: must be greater than 0, got '0ms'"),
                problems("rules:\n  - name: r\n    match: a.B#c\n    time: { slo-p99: 0ms }\n"));
        assertEquals(Duration.ZERO, parse("weave: { retransform-pause: 0s }").weave().retransformPause());
    }

    @Test
    void unknownKeySuggestsTheNearestAndListsTheAllowed() {
        assertEquals(List.of("perf-agent.yaml:4:13: rules[0].time.slo_p99: unknown key; did you mean 'slo-p99'?"
                + " (allowed keys: slo-p99)"), problems("rules:\n  - name: r\n    match: a.B#c\n    time: { slo_p99: 1ms }\n"));
        assertEquals(List.of("perf-agent.yaml:1:1: servce: unknown key; did you mean 'service'?"
                + " (allowed keys: service, enabled, log, export, weave, reload, reload-interval, rules, profiling, gpu, report)"), problems("servce: x"));
        assertEquals(List.of("perf-agent.yaml:3:5: export.http.prot: unknown key; did you mean 'port'?"
                + " (allowed keys: enabled, host, port, token, insecure, allow-actions, show-values)"), problems("export:\n  http:\n    prot: 1\n"));
        assertEquals(List.of("perf-agent.yaml:1:1: colour: unknown key (allowed keys: service, enabled, log, export, weave, reload, reload-interval, rules, profiling, gpu, report)"),
                problems("colour: red"));
        assertEquals(List.of("perf-agent.yaml:1:1: Service: unknown key; did you mean 'service'?"
                + " (allowed keys: service, enabled, log, export, weave, reload, reload-interval, rules, profiling, gpu, report)"), problems("Service: x"));
    }

    @Test
    void rulesNeedANameAMatchAndALayer() {
        assertEquals(List.of("perf-agent.yaml:2:5: rules[0]: no layer given; add e.g. 'time: {}'"),
                problems("rules:\n  - name: r\n    match: a.B#c\n"));
        assertEquals(List.of("perf-agent.yaml:2:5: rules[0]: missing required key 'name'"),
                problems("rules:\n  - match: a.B#c\n    time: {}\n"));
        assertEquals(List.of("perf-agent.yaml:2:5: rules[0]: missing required key 'match' (a method pattern such as com.example.Foo#bar(..))"),
                problems("rules:\n  - name: r\n    time: {}\n"));
        assertEquals(List.of("perf-agent.yaml:3:12: rules[0].match: expected at least one method pattern"),
                problems("rules:\n  - name: r\n    match: []\n    time: {}\n"));
        assertEquals(List.of("perf-agent.yaml:2:11: rules[0].name: invalid rule name 'my rule' (allowed: letters, digits, '_', '.', '-')"),
                problems("rules:\n  - name: my rule\n    match: a.B#c\n    time: {}\n"));
        assertEquals(List.of("perf-agent.yaml:4:11: rules[0].time: expected a mapping such as { slo-p99: 100ms }, {} or true,"
                        + " got 'false'; to turn the layer off, remove the key"),
                problems("rules:\n  - name: r\n    match: a.B#c\n    time: false\n"));
    }

    @Test
    void ruleNamesAreUnique() {
        assertEquals(List.of("perf-agent.yaml:5:11: rules[1].name: duplicate rule name 'r' (also used by rules[0] at perf-agent.yaml:2:5)"),
                problems(RULE + "  - name: r\n    match: a.B#d\n    time: {}\n"));
    }

    @Test
    void duplicateKeysAreReported() {
        assertEquals(List.of("perf-agent.yaml:2:1: service: duplicate key (first given at line 1)"),
                problems("service: a\nservice: b\n"));
    }

    @Test
    void patternErrorsPointInsideThePlainScalar() {
        // "    match: " is 11 characters, so the value starts at column 12; '.' before 'bar' is offset 7.
        assertEquals(List.of("perf-agent.yaml:3:19: rules[0].match: expected '#' between class and method in 'com.Foo.bar'"),
                problems("rules:\n  - name: r\n    match: com.Foo.bar\n    time: {}\n"));
        // quoted without escapes: one more for the quote
        assertEquals(List.of("perf-agent.yaml:3:20: rules[0].match: expected '#' between class and method in 'com.Foo.bar'"),
                problems("rules:\n  - name: r\n    match: \"com.Foo.bar\"\n    time: {}\n"));
        // in a list: each item has its own index and position
        assertEquals(List.of("perf-agent.yaml:5:19: rules[0].match[1]: unexpected '<': type arguments are not part"
                        + " of a method's signature; write the erased type 'List' in 'a.B#c(List<String>)'"),
                problems("rules:\n  - name: r\n    match:\n      - a.B#c\n      - a.B#c(List<String>)\n    time: {}\n"));
        // a block scalar is not written as-is: point at its start
        assertEquals(List.of("perf-agent.yaml:3:12: rules[0].match: expected '#' between class and method in 'com.Foo.bar'"),
                problems("rules:\n  - name: r\n    match: >-\n      com.Foo.bar\n    time: {}\n"));
    }

    @Test
    void excludePatternsAreValidated() {
        assertEquals(List.of("perf-agent.yaml:1:31: weave.exclude[1]: expected a class name after '..' in 'com..'"),
                problems("weave: { exclude: [ a.*, com.. ] }"));
    }

    @Test
    void allProblemsAreCollectedInFileOrder() {
        String yaml = "servce: x\n"
                + "enabled: maybe\n"
                + "export:\n"
                + "  http:\n"
                + "    port: -1\n"
                + "rules:\n"
                + "  - name: r\n"
                + "    match: a.B.c\n"
                + "    time: { slo-p99: 5 }\n";
        List<String> problems = problems(yaml);
        assertEquals(List.of(
                "perf-agent.yaml:1:1: servce: unknown key; did you mean 'service'? (allowed keys: service, enabled, log, export, weave, reload, reload-interval, rules, profiling, gpu, report)",
                "perf-agent.yaml:2:10: enabled: expected true or false, got 'maybe'",
                "perf-agent.yaml:5:11: export.http.port: port out of range: -1 (expected 0..65535)",
                "perf-agent.yaml:8:15: rules[0].match: expected '#' between class and method in 'a.B.c'",
                "perf-agent.yaml:9:22: rules[0].time.slo-p99: invalid duration '5': a unit is required (ns, us, ms, s, m, h — e.g. 5ms)"),
                problems);
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(String.join("\n", problems), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorsHaveAPosition() {
        List<String> problems = problems("service: a\nlog:\n  level: [info\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("perf-agent.yaml:4:1: (yaml): invalid YAML: "), problems.get(0));

        problems = problems("service: a\n  bad: indent\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("perf-agent.yaml:2:6: (yaml): invalid YAML: mapping values are not allowed here"),
                problems.get(0));

        problems = problems("a: 1\n---\nb: 2\n");
        assertTrue(problems.get(0).startsWith("perf-agent.yaml:2:1: (yaml): invalid YAML: expected a single document in the stream, but found another document"),
                problems.get(0));
    }

    @Test
    void unreadableFileIsOneProblem(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of(), Map.of()));
        assertEquals(List.of(missing + ":1:1: (file): cannot read: no such file"),
                e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList()));
        assertEquals(e.problems(), ConfigLoader.validate(missing));

        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
        assertEquals(List.of(binary + ":1:1: (file): cannot read: not UTF-8 text"),
                ConfigLoader.validate(binary).stream().map(ConfigProblem::toString).collect(Collectors.toList()));
    }

    @Test
    void validateReportsEveryProblemOfAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "service: [x]\nweave: { retransform-pause: soon }\n", StandardCharsets.UTF_8);
        assertEquals(2, ConfigLoader.validate(file).size());
        assertEquals(new ConfigLocation(file.toString(), 1, 10), ConfigLoader.validate(file).get(0).location());
        assertEquals("service", ConfigLoader.validate(file).get(0).key());
    }

    @Test
    void configFileComesFromPropertyThenEnvironment() {
        assertEquals(Optional.of(Path.of("a.yaml")),
                ConfigLoader.configFile(Map.of("perfagent.config", "a.yaml"), Map.of("PERFAGENT_CONFIG", "b.yaml")));
        assertEquals(Optional.of(Path.of("b.yaml")), ConfigLoader.configFile(Map.of(), Map.of("PERFAGENT_CONFIG", "b.yaml")));
        assertEquals(Optional.empty(), ConfigLoader.configFile(Map.of(), Map.of()));
    }

    @Test
    void locationsAndProblemsFormat() {
        assertEquals("f.yaml:3:4", new ConfigLocation("f.yaml", 3, 4).toString());
        assertEquals("-Dperfagent.service", ConfigLocation.of("-Dperfagent.service").toString());
        assertFalse(ConfigLocation.of("x").hasPosition());
        assertEquals("f.yaml:3:4: service: bad", new ConfigProblem(new ConfigLocation("f.yaml", 3, 4), "service", "bad").toString());
    }

    @Test
    void byteOrderMarkIsIgnored() throws Exception {
        assertEquals("x", parse("\uFEFFservice: x").service());
    }
}
