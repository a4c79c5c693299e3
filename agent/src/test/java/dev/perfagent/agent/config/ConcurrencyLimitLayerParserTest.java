package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.layer.limit.AimdSettings;
import dev.perfagent.agent.layer.limit.FixedSettings;
import dev.perfagent.agent.layer.limit.Gradient2Settings;
import dev.perfagent.agent.layer.limit.LimiterSettings;
import dev.perfagent.agent.layer.limit.PartitionShare;
import dev.perfagent.agent.layer.limit.VegasSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitLayerParserTest {

    private static final String HEAD = "rules:\n  - name: feed\n    match: a.FeatureClient#fetch(String)\n";

    private static RuleConfig rule(String yaml) throws ConfigException {
        return rule(yaml, Map.of());
    }

    private static RuleConfig rule(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(HEAD + yaml, "perf-agent.yaml", properties, Map.of()).rules().get(0);
    }

    private static ConcurrencyLimitConfig limit(String yaml) throws ConfigException {
        return rule(yaml).concurrencyLimit().orElseThrow();
    }

    @Test
    void anEmptySectionIsGradient2WithNetflixsDefaultsRefusingAtOnce() throws ConfigException {
        assertEquals(ConcurrencyLimitConfig.defaults(), limit("    concurrency-limit: {}\n"));
        assertEquals(ConcurrencyLimitConfig.defaults(), limit("    concurrency-limit:\n"));
        assertEquals(new ConcurrencyLimitConfig(LimiterSettings.rejecting(Gradient2Settings.DEFAULTS),
                OptionalInt.empty(), List.of()), ConcurrencyLimitConfig.defaults());
        assertTrue(rule("    concurrency-limit: {}\n").actsOnCalls());
        assertFalse(rule("    concurrency-limit: {}\n").readsValues());
        assertTrue(rule("    concurrency-limit: { partition: { by: 0, shares: { a: 50%, b: 50% } } }\n").readsValues(),
                "the partition is named by an argument");
    }

    @Test
    void readsGradient2() throws ConfigException {
        ConcurrencyLimitConfig config = limit("    concurrency-limit:\n      algorithm: gradient2\n"
                + "      initial-limit: 30\n      min-limit: 5\n      max-limit: 300\n      smoothing: 0.5\n"
                + "      queue-size: 2\n      rtt-tolerance: 2\n      long-window: 100\n");
        assertEquals(new Gradient2Settings(30, 5, 300, 0.5, 2, 2.0, 100), config.limiter().algorithm());
    }

    @Test
    void readsVegas() throws ConfigException {
        ConcurrencyLimitConfig config = limit("    concurrency-limit: { algorithm: vegas, max-limit: 500,"
                + " smoothing: 0.5, alpha: 3, beta: 6, probe-multiplier: 10 }\n");
        assertEquals(new VegasSettings(20, 1, 500, 0.5, OptionalInt.of(3), OptionalInt.of(6), 10),
                config.limiter().algorithm());
        assertEquals(VegasSettings.DEFAULTS, limit("    concurrency-limit: { algorithm: vegas }\n").limiter().algorithm());
    }

    @Test
    void readsAimdAndFixed() throws ConfigException {
        assertEquals(new AimdSettings(20, 20, 200, 0.75, Duration.ofMillis(250)),
                limit("    concurrency-limit: { algorithm: aimd, backoff-ratio: 0.75, timeout: 250ms }\n")
                        .limiter().algorithm());
        assertEquals(new FixedSettings(50), limit("    concurrency-limit: { algorithm: fixed, limit: 50 }\n")
                .limiter().algorithm());
    }

    @Test
    void anInitialLimitLeftOutIsBroughtWithinTheBoundsGiven() throws ConfigException {
        assertEquals(new Gradient2Settings(50, 50, 200, 0.2, 4, 1.5, 600),
                limit("    concurrency-limit: { min-limit: 50 }\n").limiter().algorithm());
        assertEquals(new Gradient2Settings(10, 5, 10, 0.2, 4, 1.5, 600),
                limit("    concurrency-limit: { min-limit: 5, max-limit: 10 }\n").limiter().algorithm());
    }

    @Test
    void readsWaitingPartitionsAndDrops() throws ConfigException {
        ConcurrencyLimitConfig config = limit("    concurrency-limit:\n      when-limited: wait\n"
                + "      max-wait: 50ms\n      partition: { by: 0, shares: { live: 80%, batch: 20% } }\n"
                + "      dropped-on: [java.util.concurrent.TimeoutException, java.net.SocketTimeoutException]\n");
        assertEquals(new LimiterSettings(Gradient2Settings.DEFAULTS, WhenLimited.WAIT, Duration.ofMillis(50),
                List.of(new PartitionShare("live", 80), new PartitionShare("batch", 20))), config.limiter());
        assertEquals(OptionalInt.of(0), config.partitionBy());
        assertEquals(List.of("java.util.concurrent.TimeoutException", "java.net.SocketTimeoutException"),
                config.droppedOn());
        assertEquals(List.of("java.io.IOException"),
                limit("    concurrency-limit: { dropped-on: java.io.IOException }\n").droppedOn());
    }

    @Test
    void overridesReachTheLayerAndCanGiveARuleOne() throws ConfigException {
        ConcurrencyLimitConfig config = rule("    concurrency-limit: { algorithm: aimd }\n",
                Map.of("perfagent.rules.feed.concurrency-limit.max-limit", "300",
                        "perfagent.rules.feed.concurrency-limit.when-limited", "wait",
                        "perfagent.rules.feed.concurrency-limit.max-wait", "1s")).concurrencyLimit().orElseThrow();
        assertEquals(300, ((AimdSettings) config.limiter().algorithm()).maxLimit());
        assertEquals(Duration.ofSeconds(1), config.limiter().maxWait());

        RuleConfig given = rule("    time: {}\n",
                Map.of("perfagent.rules.feed.concurrency-limit.algorithm", "vegas"));
        assertEquals(Optional.of(VegasSettings.DEFAULTS), given.concurrencyLimit().map(c -> c.limiter().algorithm()));
    }

    @Test
    void onlyTheChosenAlgorithmsParametersAreAllowed() {
        assertEquals(List.of("perf-agent.yaml:4:43: rules[0].concurrency-limit.smoothing: not a parameter of algorithm"
                        + " 'aimd'; its parameters: initial-limit, min-limit, max-limit, backoff-ratio, timeout"),
                problems(HEAD + "    concurrency-limit: { algorithm: aimd, smoothing: 0.5 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:26: rules[0].concurrency-limit.backoff-ratio: not a parameter of"
                        + " algorithm 'gradient2' (the default); its parameters: initial-limit, min-limit, max-limit,"
                        + " smoothing, queue-size, rtt-tolerance, long-window"),
                problems(HEAD + "    concurrency-limit: { backoff-ratio: 0.5 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:44: rules[0].concurrency-limit.max-limit: not a parameter of"
                        + " algorithm 'fixed'; its parameters: limit"),
                problems(HEAD + "    concurrency-limit: { algorithm: fixed, max-limit: 5, limit: 5 }\n"));
        assertEquals(List.of("-Dperfagent.rules.feed.concurrency-limit.alpha: rules[0].concurrency-limit.alpha: not a"
                        + " parameter of algorithm 'aimd'; its parameters: initial-limit, min-limit, max-limit,"
                        + " backoff-ratio, timeout"),
                problems(HEAD + "    concurrency-limit: { algorithm: aimd }\n",
                        Map.of("perfagent.rules.feed.concurrency-limit.alpha", "3"), Map.of()));
    }

    @Test
    void problemsWithTheAlgorithmAndItsParameters() {
        assertEquals(List.of("perf-agent.yaml:4:37: rules[0].concurrency-limit.algorithm: unknown value 'bbr'"
                        + " (expected one of gradient2, vegas, aimd, fixed)"),
                problems(HEAD + "    concurrency-limit: { algorithm: bbr }\n"));
        assertEquals(List.of("perf-agent.yaml:4:24: rules[0].concurrency-limit.limit: algorithm fixed needs 'limit',"
                        + " the calls allowed in flight at once (e.g. limit: 50)"),
                problems(HEAD + "    concurrency-limit: { algorithm: fixed }\n"));
        assertEquals(List.of("perf-agent.yaml:4:26: rules[0].concurrency-limit.min-limit: min-limit (300) is greater"
                        + " than max-limit (200, the default)"),
                problems(HEAD + "    concurrency-limit: { min-limit: 300 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:26: rules[0].concurrency-limit.initial-limit: initial-limit (10) must"
                        + " lie between min-limit (20) and max-limit (200)"),
                problems(HEAD + "    concurrency-limit: { initial-limit: 10 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:37: rules[0].concurrency-limit.max-limit: must be from 1 to 100000,"
                        + " got 100001"),
                problems(HEAD + "    concurrency-limit: { max-limit: 100001 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:37: rules[0].concurrency-limit.smoothing: expected a number more than"
                        + " 0 and at most 1, such as 0.2, got '1.5'"),
                problems(HEAD + "    concurrency-limit: { smoothing: 1.5 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:41: rules[0].concurrency-limit.rtt-tolerance: expected a number of at"
                        + " least 1, such as 1.5, got '0.9'"),
                problems(HEAD + "    concurrency-limit: { rtt-tolerance: 0.9 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:58: rules[0].concurrency-limit.backoff-ratio: expected a number of at"
                        + " least 0.5 and less than 1, such as 0.9, got '1.0'"),
                problems(HEAD + "    concurrency-limit: { algorithm: aimd, backoff-ratio: 1.0 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:54: rules[0].concurrency-limit.beta: beta (4) must be greater than"
                        + " alpha (4)"),
                problems(HEAD + "    concurrency-limit: { algorithm: vegas, alpha: 4, beta: 4 }\n"));
    }

    @Test
    void problemsWithWaiting() {
        assertEquals(List.of("perf-agent.yaml:4:26: rules[0].concurrency-limit.when-limited: when-limited: wait needs"
                        + " max-wait, the longest a call waits for room (e.g. max-wait: 50ms)"),
                problems(HEAD + "    concurrency-limit: { when-limited: wait }\n"));
        assertEquals(List.of("perf-agent.yaml:4:26: rules[0].concurrency-limit.max-wait: max-wait applies only with"
                        + " when-limited: wait (calls are refused at once otherwise)"),
                problems(HEAD + "    concurrency-limit: { max-wait: 10ms }\n"));
        assertEquals(List.of("perf-agent.yaml:4:40: rules[0].concurrency-limit.when-limited: unknown value 'block'"
                        + " (expected one of reject, wait)"),
                problems(HEAD + "    concurrency-limit: { when-limited: block }\n"));
    }

    @Test
    void problemsWithPartitions() {
        assertEquals(List.of("perf-agent.yaml:4:54: rules[0].concurrency-limit.partition.shares: the shares add up to"
                        + " 120%, more than 100%: they are guaranteed minimums of one limit"),
                problems(HEAD + "    concurrency-limit: { partition: { by: 0, shares: { a: 70%, b: 50% } } }\n"));
        assertEquals(List.of("perf-agent.yaml:4:59: rules[0].concurrency-limit.partition.shares.a: expected a"
                        + " percentage such as 50%, got '70'"),
                problems(HEAD + "    concurrency-limit: { partition: { by: 0, shares: { a: 70 } } }\n"));
        assertEquals(List.of("perf-agent.yaml:4:63: rules[0].concurrency-limit.partition.shares.a: duplicate"
                        + " partition (first given at line 4)"),
                problems(HEAD + "    concurrency-limit: { partition: { by: 0, shares: { a: 7%, a: 8% } } }\n"));
        assertEquals(List.of("perf-agent.yaml:4:37: rules[0].concurrency-limit.partition.by: missing required key"
                        + " 'by': the argument (counted from 0) whose value names a call's partition"),
                problems(HEAD + "    concurrency-limit: { partition: { shares: { a: 50% } } }\n"));
        assertEquals(List.of("perf-agent.yaml:4:37: rules[0].concurrency-limit.partition.shares: missing required key"
                        + " 'shares': each partition's guaranteed share, e.g. { live: 80%, batch: 20% }"),
                problems(HEAD + "    concurrency-limit: { partition: { by: 1 } }\n"));
        assertEquals(List.of("perf-agent.yaml:4:54: rules[0].concurrency-limit.partition.shares: expected partition"
                        + " names with their shares, such as { live: 80%, batch: 20% }, got a list"),
                problems(HEAD + "    concurrency-limit: { partition: { by: 0, shares: [a, b] } }\n"));
        assertEquals(List.of("perf-agent.yaml:4:43: rules[0].concurrency-limit.partition.by: must be at least 0,"
                        + " got -1"),
                problems(HEAD + "    concurrency-limit: { partition: { by: -1, shares: { a: 50% } } }\n"));
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        Path doc = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && doc == null; dir = dir.getParent()) {
            doc = Files.isRegularFile(dir.resolve("docs/configuration.md")) ? dir.resolve("docs/configuration.md") : null;
        }
        String text = Files.readString(doc);
        int start = text.indexOf("rules:\n  - name: feature-store\n", text.indexOf("#### `rules[].concurrency-limit`"));
        assertTrue(start > 0, "the concurrency-limit example is in docs/configuration.md");
        String yaml = text.substring(start, text.indexOf("```", start));
        List<RuleConfig> rules = ConfigLoader.parse(yaml, "example.yaml", Map.of(), Map.of()).rules();
        assertEquals(OptionalInt.of(1), rules.get(0).concurrencyLimit().orElseThrow().partitionBy());
        assertEquals(new FixedSettings(16), rules.get(1).concurrencyLimit().orElseThrow().limiter().algorithm());
    }

    @Test
    void otherProblems() {
        assertEquals(List.of("perf-agent.yaml:4:24: rules[0].concurrency-limit: expected a mapping such as"
                        + " { algorithm: gradient2, max-limit: 200 }, got 'yes'"),
                problems(HEAD + "    concurrency-limit: yes\n"));
        assertEquals(List.of("perf-agent.yaml:4:39: rules[0].concurrency-limit.dropped-on[0]: not a class name:"
                        + " 'java.io.IO Exception' (expected e.g. java.io.IOException)"),
                problems(HEAD + "    concurrency-limit: { dropped-on: [\"java.io.IO Exception\"] }\n"));
        List<String> unknown = problems(HEAD + "    concurrency-limit: { max: 200 }\n");
        assertEquals(1, unknown.size());
        assertTrue(unknown.get(0).startsWith("perf-agent.yaml:4:26: rules[0].concurrency-limit.max: unknown key"),
                unknown.get(0));
    }
}
