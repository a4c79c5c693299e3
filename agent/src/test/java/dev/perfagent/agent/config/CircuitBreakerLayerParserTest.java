package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.breaker.CircuitBreakerSettings;
import dev.perfagent.agent.layer.breaker.ExceptionLists;
import dev.perfagent.agent.layer.breaker.FallbackSpec;
import dev.perfagent.agent.layer.breaker.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CircuitBreakerLayerParserTest {

    private static final String HEAD = "rules:\n  - name: r\n    match: a.B#c(..)\n";

    private static RuleConfig rule(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(HEAD + yaml, "perf-agent.yaml", properties, Map.of()).rules().get(0);
    }

    private static CircuitBreakerSettings settings(String yaml) throws ConfigException {
        return rule(yaml, Map.of()).circuitBreaker().orElseThrow().settings();
    }

    @Test
    void anEmptySectionHasEveryDefault() throws ConfigException {
        assertEquals(Optional.of(CircuitBreakerConfig.defaults()), rule("    circuit-breaker: {}\n", Map.of())
                .circuitBreaker());
        assertEquals(Optional.of(CircuitBreakerConfig.defaults()), rule("    circuit-breaker:\n", Map.of())
                .circuitBreaker());
        CircuitBreakerSettings defaults = CircuitBreakerSettings.defaults();
        assertEquals(WindowSpec.count(100), defaults.window());
        assertEquals(50.0, defaults.failureRate());
        assertEquals(Duration.ofSeconds(60), defaults.slowCall());
        assertEquals(100.0, defaults.slowCallRate());
        assertEquals(100, defaults.minimumCalls());
        assertEquals(Duration.ofSeconds(60), defaults.openFor());
        assertEquals(10, defaults.halfOpenCalls());
        assertEquals(Duration.ofSeconds(60), defaults.maxHalfOpen());
        assertTrue(defaults.automaticTransition());
        assertEquals(ExceptionLists.DEFAULT, defaults.exceptions());
    }

    @Test
    void readsTheDesignExample() throws ConfigException {
        CircuitBreakerSettings settings =
                settings("    circuit-breaker: { failure-rate: 50%, slow-call: 200ms, window: 100, open-for: 30s }\n");
        assertEquals(new CircuitBreakerSettings(WindowSpec.count(100), 50, Duration.ofMillis(200), 100, 100,
                Duration.ofSeconds(30), 10, Duration.ofSeconds(60), true, ExceptionLists.DEFAULT), settings);
    }

    @Test
    void readsEveryKey() throws ConfigException {
        RuleConfig rule = rule("    circuit-breaker:\n      window-type: time\n      window: 10s\n"
                + "      failure-rate: 25.5%\n      slow-call: 1.5s\n      slow-call-rate: 80%\n      minimum-calls: 5\n"
                + "      open-for: 2m\n      half-open-calls: 3\n      max-half-open: 10s\n"
                + "      automatic-transition: false\n      record: [java.io.IOException, java.util.concurrent.TimeoutException]\n"
                + "      ignore: java.io.FileNotFoundException\n      success:\n        - com.example.Api$NotFound\n"
                + "      fallback: com.example.Fallbacks#fetch\n", Map.of());
        CircuitBreakerConfig breaker = rule.circuitBreaker().orElseThrow();
        assertEquals(new CircuitBreakerSettings(WindowSpec.time(Duration.ofSeconds(10)), 25.5, Duration.ofMillis(1500),
                80, 5, Duration.ofMinutes(2), 3, Duration.ofSeconds(10), false,
                new ExceptionLists(Optional.of(List.of("java.io.IOException", "java.util.concurrent.TimeoutException")),
                        List.of("java.io.FileNotFoundException"), List.of("com.example.Api$NotFound"))),
                breaker.settings());
        assertEquals(Optional.of(new FallbackSpec("com.example.Fallbacks#fetch",
                "perf-agent.yaml:19:17: rules[0].circuit-breaker.fallback")), breaker.fallback());
        assertTrue(breaker.fallback().orElseThrow().isMethod());
        assertTrue(rule.actsOnCalls());
        assertTrue(rule.readsValues(), "the fallback method is called with them");
    }

    @Test
    void theWindowSaysItsOwnType() throws ConfigException {
        assertEquals(WindowSpec.time(Duration.ofSeconds(10)), settings("    circuit-breaker: { window: 10s }\n").window());
        assertEquals(WindowSpec.count(20), settings("    circuit-breaker: { window: 20, window-type: count }\n").window());
        // Resilience4j's default size read as seconds
        assertEquals(WindowSpec.time(Duration.ofSeconds(100)),
                settings("    circuit-breaker: { window-type: time }\n").window());
        assertEquals(WindowSpec.time(Duration.ofMinutes(5)), settings("    circuit-breaker: { window: 5m }\n").window());
    }

    @Test
    void theDefaultMinimumIsNeverMoreThanACountWindowHolds() throws ConfigException {
        assertEquals(20, settings("    circuit-breaker: { window: 20 }\n").minimumCalls());
        assertEquals(100, settings("    circuit-breaker: { window: 500 }\n").minimumCalls());
        assertEquals(100, settings("    circuit-breaker: { window: 1s }\n").minimumCalls());
        assertEquals(20, settings("    circuit-breaker: { window: 20, minimum-calls: 20 }\n").minimumCalls());
        assertEquals(500, settings("    circuit-breaker: { window: 1s, minimum-calls: 500 }\n").minimumCalls());
    }

    @Test
    void aConstantFallbackKeepsItsText() throws ConfigException {
        RuleConfig rule = rule("    circuit-breaker: { fallback: \"null\" }\n", Map.of());
        assertFalse(rule.readsValues(), "a constant needs no arguments");
        FallbackSpec fallback = rule.circuitBreaker().orElseThrow().fallback().orElseThrow();
        assertEquals("null", fallback.text());
        assertFalse(fallback.isMethod());
        assertEquals("perf-agent.yaml:4:34: rules[0].circuit-breaker.fallback", fallback.where());
    }

    @Test
    void overridesReachBreakerKeysAndCanAddTheLayer() throws ConfigException {
        RuleConfig rule = rule("    circuit-breaker: { failure-rate: 50% }\n",
                Map.of("perfagent.rules.r.circuit-breaker.failure-rate", "25%",
                        "perfagent.rules.r.circuit-breaker.window", "30s",
                        "perfagent.rules.r.circuit-breaker.fallback", "-1"));
        CircuitBreakerConfig breaker = rule.circuitBreaker().orElseThrow();
        assertEquals(25.0, breaker.settings().failureRate());
        assertEquals(WindowSpec.time(Duration.ofSeconds(30)), breaker.settings().window());
        assertEquals(new FallbackSpec("-1", "-Dperfagent.rules.r.circuit-breaker.fallback: rules[0].circuit-breaker.fallback"),
                breaker.fallback().orElseThrow());

        RuleConfig added = rule("    time: {}\n", Map.of("perfagent.rules.r.circuit-breaker.open-for", "5s"));
        assertEquals(Duration.ofSeconds(5), added.circuitBreaker().orElseThrow().settings().openFor());
    }

    @Test
    void minimumCallsLargerThanACountWindowIsAnErrorNotClamped() {
        assertEquals(List.of("perf-agent.yaml:4:52: rules[0].circuit-breaker.minimum-calls: 200 is more than the"
                        + " window's 100 calls, so the breaker could never open; make it at most 100 or enlarge the window"),
                problems(HEAD + "    circuit-breaker: { window: 100, minimum-calls: 200 }\n"));
        assertEquals(List.of("-Dperfagent.rules.r.circuit-breaker.minimum-calls: rules[0].circuit-breaker.minimum-calls:"
                        + " 101 is more than the window's 100 calls, so the breaker could never open; make it at most 100"
                        + " or enlarge the window"),
                problems(HEAD + "    circuit-breaker: {}\n", Map.of("perfagent.rules.r.circuit-breaker.minimum-calls",
                        "101"), Map.of()));
    }

    @Test
    void problemsNameLineColumnAndKey() {
        String b = HEAD + "    circuit-breaker: { ";
        assertEquals(List.of("perf-agent.yaml:4:51: rules[0].circuit-breaker.window: window-type is time but the window"
                + " is a number of calls; give a duration such as 10s"), problems(b + "window-type: time, window: 100 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:52: rules[0].circuit-breaker.window: window-type is count but the"
                + " window is a duration; give a number of calls such as 100"),
                problems(b + "window-type: count, window: 10s }\n"));
        assertEquals(List.of("perf-agent.yaml:4:37: rules[0].circuit-breaker.window-type: unknown value 'sliding'"
                + " (expected one of count, time)"), problems(b + "window-type: sliding }\n"));
        assertEquals(List.of("perf-agent.yaml:4:32: rules[0].circuit-breaker.window: a count window holds 1 to 1000000"
                + " calls, got 0"), problems(b + "window: 0 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:32: rules[0].circuit-breaker.window: a count window holds 1 to 1000000"
                + " calls, got 2000000"), problems(b + "window: 2000000 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:32: rules[0].circuit-breaker.window: expected a number of calls such as"
                + " 100 or a duration such as 10s, got 'many'"), problems(b + "window: many }\n"));
        assertEquals(List.of("perf-agent.yaml:4:32: rules[0].circuit-breaker.window: a time window must be at most 1h,"
                + " got '2h'"), problems(b + "window: 2h }\n"));
        assertEquals(List.of("perf-agent.yaml:4:32: rules[0].circuit-breaker.window: a time window must be at least"
                + " 1ms, got '500us'"), problems(b + "window: 500us }\n"));
        assertEquals(List.of("perf-agent.yaml:4:32: rules[0].circuit-breaker.window: a time window longer than 100s"
                + " must be a whole number of seconds (it is kept in one-second buckets), got '150500ms'"),
                problems(b + "window: 150500ms }\n"));
        assertEquals(List.of("perf-agent.yaml:4:38: rules[0].circuit-breaker.failure-rate: expected a percentage such"
                + " as 50%, got '50'"), problems(b + "failure-rate: 50 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:40: rules[0].circuit-breaker.slow-call-rate: must be more than 0% and"
                + " at most 100%, got '0%'"), problems(b + "slow-call-rate: 0% }\n"));
        assertEquals(List.of("perf-agent.yaml:4:35: rules[0].circuit-breaker.slow-call: must be greater than 0, got"
                + " '0ms'"), problems(b + "slow-call: 0ms }\n"));
        assertEquals(List.of("perf-agent.yaml:4:34: rules[0].circuit-breaker.open-for: invalid duration '30': a unit"
                + " is required (ns, us, ms, s, m, h — e.g. 30ms)"), problems(b + "open-for: 30 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:41: rules[0].circuit-breaker.half-open-calls: must be at most 10000,"
                + " got 20000"), problems(b + "half-open-calls: 20000 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:39: rules[0].circuit-breaker.minimum-calls: must be at least 1, got 0"),
                problems(b + "minimum-calls: 0 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:46: rules[0].circuit-breaker.automatic-transition: expected true or"
                + " false, got 'yes'"), problems(b + "automatic-transition: yes }\n"));
        assertEquals(List.of("perf-agent.yaml:4:39: rules[0].circuit-breaker.max-half-open: must be greater than 0,"
                + " got '0s'"), problems(b + "max-half-open: 0s }\n"));
        assertEquals(List.of("perf-agent.yaml:4:54: rules[0].circuit-breaker.record[1]: not a class name: 'not a class'"
                + " (expected e.g. java.io.IOException)"), problems(b + "record: [java.io.IOException, not a class] }\n"));
        assertEquals(List.of("perf-agent.yaml:4:63: rules[0].circuit-breaker.success[0]: java.io.IOException is"
                + " already in ignore; a class can be in only one of record, ignore and success"),
                problems(b + "ignore: java.io.IOException, success: [java.io.IOException] }\n"));
        assertEquals(List.of("perf-agent.yaml:4:24: rules[0].circuit-breaker.failure_rate: unknown key; did you mean"
                + " 'failure-rate'? (allowed keys: window-type, window, failure-rate, slow-call, slow-call-rate,"
                + " minimum-calls, open-for, half-open-calls, max-half-open, automatic-transition, record, ignore,"
                + " success, fallback)"), problems(b + "failure_rate: 50% }\n"));
        assertEquals(List.of("perf-agent.yaml:4:22: rules[0].circuit-breaker: expected a mapping such as"
                + " { failure-rate: 50%, window: 100 } or {}, got 'yes'"), problems(HEAD + "    circuit-breaker: yes\n"));
        assertEquals(List.of("perf-agent.yaml:4:24: rules[0].circuit-breaker.fallback: missing value (expected a"
                + " constant or a method such as com.example.Fallbacks#fetch)"), problems(b + "fallback: null }\n"));
    }

    @Test
    void everyProblemOfOneSectionIsReported() {
        assertEquals(List.of(
                "perf-agent.yaml:4:32: rules[0].circuit-breaker.window: a count window holds 1 to 1000000 calls, got 0",
                "perf-agent.yaml:4:49: rules[0].circuit-breaker.failure-rate: must be more than 0% and at most 100%,"
                        + " got '150%'"),
                problems(HEAD + "    circuit-breaker: { window: 0, failure-rate: 150% }\n"));
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        Path dir = Path.of("").toAbsolutePath(); // the module directory under surefire, perhaps the root in an IDE
        while (!Files.isRegularFile(dir.resolve("docs/configuration.md"))) {
            dir = dir.getParent();
        }
        String text = Files.readString(dir.resolve("docs/configuration.md"));
        int section = text.indexOf("#### `rules[].circuit-breaker`");
        int start = text.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = text.substring(start, text.indexOf("```", start));
        CircuitBreakerConfig breaker = ConfigLoader.parse(yaml, "docs.yaml", Map.of(), Map.of()).rules().get(0)
                .circuitBreaker().orElseThrow();
        assertEquals(WindowSpec.time(Duration.ofSeconds(10)), breaker.settings().window());
        assertEquals(List.of("com.example.FeatureClient$NotFound"), breaker.settings().exceptions().success());
        assertTrue(breaker.fallback().orElseThrow().isMethod());
    }
}
