package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perfagent.agent.layer.cache.CacheSettings;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CacheLayerParserTest {

    private static final String HEAD = "rules:\n  - name: embed\n    match: a.Embeddings#embed(String)\n";

    private static RuleConfig rule(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(HEAD + yaml, "perf-agent.yaml", properties, Map.of()).rules().get(0);
    }

    @Test
    void defaultsNeedOnlyABound() throws ConfigException {
        RuleConfig rule = rule("    cache: { max-size: 10000 }\n", Map.of());
        assertEquals(Optional.of(new CacheConfig(CacheSettings.ofMaxSize(10_000))), rule.cache());
        CacheSettings settings = rule.cache().orElseThrow().settings();
        assertEquals(Optional.empty(), settings.ttl());
        assertEquals(Optional.empty(), settings.idle());
        assertEquals(Optional.empty(), settings.refreshAfter());
        assertEquals(false, settings.cacheNulls());
        assertEquals(false, settings.cacheExceptions());
        assertEquals(Optional.empty(), settings.key(), "all arguments");
        assertEquals(false, settings.shared());
        assertEquals(List.of(), rule.cache().orElseThrow().invalidateOn());
        assertEquals(true, rule.actsOnCalls());
        assertEquals(true, rule.readsValues(), "the key");
    }

    @Test
    void readsEveryKey() throws ConfigException {
        RuleConfig rule = rule("    cache:\n      max-weight: 1.5GB\n      ttl: 10m\n      idle: 2m\n"
                + "      refresh-after: 5m\n      cache-nulls: true\n      cache-exceptions: true\n"
                + "      key: [0, 2]\n      shared: true\n"
                + "      invalidate-on: [ \"a.Embeddings#put(..)\", \"a.Embeddings#clear()\" ]\n", Map.of());
        CacheConfig cache = rule.cache().orElseThrow();
        assertEquals(new CacheSettings(OptionalLong.empty(), OptionalLong.of(3L << 29),
                Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofMinutes(2)),
                Optional.of(Duration.ofMinutes(5)), true, true, Optional.of(List.of(0, 2)), true), cache.settings());
        assertEquals(List.of(MethodPattern.parse("a.Embeddings#put(..)"), MethodPattern.parse("a.Embeddings#clear()")),
                cache.invalidateOn());
        assertEquals("max-weight=1536MB ttl=10m idle=2m refresh-after=5m cache-nulls=true cache-exceptions=true"
                + " key=[0,2] shared=true", cache.settings().summary());
    }

    @Test
    void aLoneKeyPositionOrPatternNeedsNoList() throws ConfigException {
        RuleConfig rule = rule("    cache: { max-size: 10, key: 1, invalidate-on: \"a.Embeddings#clear()\" }\n", Map.of());
        assertEquals(Optional.of(List.of(1)), rule.cache().orElseThrow().settings().key());
        assertEquals(List.of(MethodPattern.parse("a.Embeddings#clear()")), rule.cache().orElseThrow().invalidateOn());
        assertEquals(Optional.of(List.of()), rule("    cache: { max-size: 10, key: [] }\n", Map.of())
                .cache().orElseThrow().settings().key());
    }

    @Test
    void overridesReachCacheKeysAndCanGiveTheRuleTheLayer() throws ConfigException {
        RuleConfig rule = rule("    cache: { max-size: 10 }\n", Map.of("perfagent.rules.embed.cache.max-size", "500",
                "perfagent.rules.embed.cache.ttl", "1h"));
        assertEquals(OptionalLong.of(500), rule.cache().orElseThrow().settings().maxSize());
        assertEquals(Optional.of(Duration.ofHours(1)), rule.cache().orElseThrow().settings().ttl());

        RuleConfig added = rule("    time: {}\n", Map.of("perfagent.rules.embed.cache.max-size", "5"));
        assertEquals(OptionalLong.of(5), added.cache().orElseThrow().settings().maxSize());
    }

    @Test
    void problemsNameLineColumnAndKey() {
        assertEquals(List.of("perf-agent.yaml:4:12: rules[0].cache: expected a mapping such as"
                        + " { max-size: 10000, ttl: 10m }, got 'yes'"),
                problems(HEAD + "    cache: yes\n"));
        assertEquals(List.of("perf-agent.yaml:4:12: rules[0].cache: a bound is required: give max-size (entries)"
                        + " or max-weight (estimated bytes, e.g. 64MB)"),
                problems(HEAD + "    cache: { ttl: 1m }\n"));
        assertEquals(List.of("perf-agent.yaml:4:28: rules[0].cache.max-weight: max-size and max-weight exclude each"
                        + " other: give one"),
                problems(HEAD + "    cache: { max-size: 10, max-weight: 1MB }\n"));
        assertEquals(List.of("perf-agent.yaml:4:24: rules[0].cache.max-size: must be at least 1, got 0"),
                problems(HEAD + "    cache: { max-size: 0 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:26: rules[0].cache.max-weight: invalid size '64': a unit is required"
                        + " (B, KB, MB, GB — e.g. 64MB)"),
                problems(HEAD + "    cache: { max-weight: 64 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:36: rules[0].cache.refresh-after: must be shorter than ttl (5m): an"
                        + " entry expires before it is due for a refresh"),
                problems(HEAD + "    cache: { max-size: 1, ttl: 5m, refresh-after: 5m }\n"));
        assertEquals(List.of("perf-agent.yaml:4:27: rules[0].cache.cache-exceptions: needs a ttl: a stored exception"
                        + " would otherwise be rethrown until the entry is evicted"),
                problems(HEAD + "    cache: { max-size: 1, cache-exceptions: true }\n"));
        assertEquals(List.of("perf-agent.yaml:4:36: rules[0].cache.key[1]: must be at least 0, got -1",
                        "perf-agent.yaml:4:40: rules[0].cache.key[2]: position 0 is given twice"),
                problems(HEAD + "    cache: { max-size: 1, key: [0, -1, 0] }\n"));
        assertEquals(List.of("perf-agent.yaml:4:43: rules[0].cache.invalidate-on: expected '#' between class and"
                        + " method in 'a.Embeddings'"),
                problems(HEAD + "    cache: { max-size: 1, invalidate-on: a.Embeddings }\n"));
        assertEquals(List.of("perf-agent.yaml:4:35: rules[0].cache.shared: expected true or false, got 'yes'"),
                problems(HEAD + "    cache: { max-size: 1, shared: yes }\n"));
        assertEquals(List.of("perf-agent.yaml:4:19: rules[0].cache.ttl: must be greater than 0, got '0s'"),
                problems(HEAD + "    cache: { ttl: 0s, max-size: 1 }\n"));
        assertEquals(List.of("perf-agent.yaml:4:12: rules[0].cache: a bound is required: give max-size (entries)"
                        + " or max-weight (estimated bytes, e.g. 64MB)",
                        "perf-agent.yaml:4:23: rules[0].cache.max-sise: unknown key; did you mean 'max-size'?"
                        + " (allowed keys: max-size, max-weight, ttl, idle, refresh-after, cache-nulls,"
                        + " cache-exceptions, key, shared, invalidate-on)"),
                problems(HEAD + "    cache: { ttl: 1m, max-sise: 1 }\n"));
    }

    @Test
    void anOverrideIsCheckedLikeTheFile() {
        assertEquals(List.of("-Dperfagent.rules.embed.cache.max-weight: rules[0].cache.max-weight: invalid size"
                        + " 'lots' (expected a number with a unit: B, KB, MB, GB — e.g. 64MB)"),
                problems(HEAD + "    cache: { max-weight: 1MB }\n",
                        Map.of("perfagent.rules.embed.cache.max-weight", "lots"), Map.of()));
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(textBlock = """
            1B,      1
            512kb,   524288
            64MB,    67108864
            64MiB,   67108864
            1.5GB,   1610612736
            2 GiB,   2147483648
            0.5KB,   512
            """)
    void byteSizes(String text, long bytes) throws InvalidValueException {
        assertEquals(bytes, ValueType.BYTE_SIZE.parse(text));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0MB         | must be greater than 0, got '0MB'
            1.5B        | invalid size '1.5B': finer than a byte
            10TB        | invalid size '10TB' (expected a number with a unit: B, KB, MB, GB — e.g. 64MB)
            -1MB        | invalid size '-1MB' (expected a number with a unit: B, KB, MB, GB — e.g. 64MB)
            9999999999GB | size too large: '9999999999GB'
            """)
    void badByteSizes(String text, String message) {
        assertEquals(message, assertThrows(InvalidValueException.class, () -> ValueType.BYTE_SIZE.parse(text))
                .getMessage());
    }
}
