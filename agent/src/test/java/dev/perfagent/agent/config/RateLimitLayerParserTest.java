package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.agent.layer.rate.RateLimitSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitLayerParserTest {

    private static final String HEAD = "rules:\n  - name: fetch\n    match: a.Client#fetch(..)\n";

    private static RuleConfig rule(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(HEAD + yaml, "perf-agent.yaml", properties, Map.of()).rules().get(0);
    }

    @Test
    void onlyPermitsIsRequired() throws ConfigException {
        RuleConfig rule = rule("    rate-limit: { permits: 100 }\n", Map.of());
        assertEquals(Optional.of(new RateLimitConfig(RateLimitSettings.rejecting(100, Duration.ofSeconds(1), 0))),
                rule.rateLimit());
        assertEquals(true, rule.actsOnCalls());
        assertEquals(false, rule.readsValues(), "woven without an argument array");
    }

    @Test
    void readsEveryKey() throws ConfigException {
        RuleConfig rule = rule("    rate-limit:\n      permits: 50\n      per: 100ms\n      burst: 20\n"
                + "      when-limited: wait\n      max-wait: 250ms\n", Map.of());
        assertEquals(RateLimitSettings.waiting(50, Duration.ofMillis(100), 20, Duration.ofMillis(250)),
                rule.rateLimit().orElseThrow().settings());
    }

    @Test
    void overridesReachTheKeysAndCanGiveARuleTheLayer() throws ConfigException {
        RuleConfig rule = rule("    rate-limit: { permits: 100 }\n",
                Map.of("perfagent.rules.fetch.rate-limit.burst", "5", "perfagent.rules.fetch.rate-limit.permits", "7"));
        assertEquals(RateLimitSettings.rejecting(7, Duration.ofSeconds(1), 5), rule.rateLimit().orElseThrow().settings());
        RuleConfig given = rule("    time: {}\n", Map.of("perfagent.rules.fetch.rate-limit.permits", "3"));
        assertEquals(RateLimitSettings.rejecting(3, Duration.ofSeconds(1), 0), given.rateLimit().orElseThrow().settings());
    }

    @Test
    void valueProblemsNameLineColumnAndKey() {
        assertEquals(List.of("perf-agent.yaml:4:17: rules[0].rate-limit: expected a mapping such as"
                        + " { permits: 100, per: 1s }, got '100'"),
                problems(HEAD + "    rate-limit: 100\n"));
        assertEquals(List.of("perf-agent.yaml:4:28: rules[0].rate-limit.permits: must be at least 1, got 0"),
                problems(HEAD + "    rate-limit: { permits: 0 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:36: rules[0].rate-limit.per: must be greater than 0, got '0s'"),
                problems(HEAD + "    rate-limit: { permits: 1, per: 0s }\n"));
        assertEquals(List.of("perf-agent.yaml:4:38: rules[0].rate-limit.burst: must be at least 0, got -1"),
                problems(HEAD + "    rate-limit: { permits: 1, burst: -1 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:45: rules[0].rate-limit.when-limited: unknown value 'block'"
                        + " (expected one of reject, wait)"),
                problems(HEAD + "    rate-limit: { permits: 1, when-limited: block }\n"));
        assertEquals(List.of("perf-agent.yaml:4:41: rules[0].rate-limit.max-wait: invalid duration '100'"
                        + ": a unit is required (ns, us, ms, s, m, h — e.g. 100ms)"),
                problems(HEAD + "    rate-limit: { permits: 1, max-wait: 100, when-limited: wait }\n"));
        assertEquals(List.of("perf-agent.yaml:4:31: rules[0].rate-limit.permitz: unknown key; did you mean 'permits'?"
                        + " (allowed keys: permits, per, burst, when-limited, max-wait)"),
                problems(HEAD + "    rate-limit: { permits: 1, permitz: 2 }\n"));
    }

    @Test
    void settingsThatDoNotFitTogetherAreErrorsAtTheirKey() {
        assertEquals(List.of("perf-agent.yaml:4:17: rules[0].rate-limit: missing required key 'permits'"
                        + " (calls allowed per 'per', e.g. permits: 100)"),
                problems(HEAD + "    rate-limit: { per: 1s }\n"));
        assertEquals(List.of("perf-agent.yaml:4:5: rules[0].rate-limit: missing required key 'permits'"
                        + " (calls allowed per 'per', e.g. permits: 100)"),
                problems(HEAD + "    rate-limit:\n"));
        assertEquals(List.of("perf-agent.yaml:4:31: rules[0].rate-limit.when-limited: wait needs max-wait, the longest"
                        + " a call may wait for its turn (e.g. max-wait: 100ms)"),
                problems(HEAD + "    rate-limit: { permits: 1, when-limited: wait }\n"));
        assertEquals(List.of("perf-agent.yaml:4:31: rules[0].rate-limit.max-wait: max-wait applies only with"
                        + " when-limited: wait (with reject, a call that comes too early is refused at once)"),
                problems(HEAD + "    rate-limit: { permits: 1, max-wait: 100ms }\n"));
        assertEquals(List.of("perf-agent.yaml:4:19: rules[0].rate-limit.permits: 600000000 per 1s is one call every"
                        + " 1.67ns, which whole nanoseconds cannot hold to within 0.1% (the limiter would allow"
                        + " 500000000 per 1s); use fewer permits or a longer per (one call every 1us or more always fits)"),
                problems(HEAD + "    rate-limit: { permits: 600000000 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:40: rules[0].rate-limit.burst: burst 2147483647 at 1 per 1h lets the"
                        + " schedule run more than 73 years ahead; use a smaller burst"),
                problems(HEAD + "    rate-limit: { permits: 1, per: 1h, burst: 2147483647 }\n"));
    }

    @Test
    void anOverrideIsCheckedLikeTheFile() {
        assertEquals(List.of("-Dperfagent.rules.fetch.rate-limit.when-limited: rules[0].rate-limit.when-limited:"
                        + " unknown value 'queue' (expected one of reject, wait)"),
                ConfigLoaderTest.problems(HEAD + "    rate-limit: { permits: 1 }\n",
                        Map.of("perfagent.rules.fetch.rate-limit.when-limited", "queue"), Map.of()));
    }
}
