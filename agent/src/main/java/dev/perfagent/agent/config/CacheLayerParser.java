package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.cache.CacheSettings;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a rule's {@code cache} layer: {@code cache: { max-size: 10000, ttl: 10m, refresh-after: 5m }}. Exactly one
 * bound ({@code max-size} or {@code max-weight}) is required; the combinations that cannot work are reported
 * here, with their place in the file, rather than left to fail or be adjusted silently at run time.
 */
final class CacheLayerParser {

    /** The rule key this layer is configured under. */
    static final String KEY = "cache";

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("max-size")
            .value("max-weight")
            .value("ttl")
            .value("idle")
            .value("refresh-after")
            .value("cache-nulls")
            .value("cache-exceptions")
            .list("key")
            .value("shared")
            .list("invalidate-on")
            .build();

    private CacheLayerParser() {
    }

    /** The layer, if the rule has it and it is valid; an override of one of its keys gives the rule the layer. */
    static Optional<CacheConfig> parse(MappingReader rule) {
        Optional<MappingReader> section = rule.layerSection(KEY, "{ max-size: 10000, ttl: 10m }");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        ParseContext context = rule.context();
        MappingReader cache = section.get();
        int problemsBefore = context.problemCount();
        Optional<Integer> maxSize = cache.value("max-size", ValueType.POSITIVE_INT);
        Optional<Long> maxWeight = cache.value("max-weight", ValueType.BYTE_SIZE);
        Optional<Duration> ttl = cache.value("ttl", ValueType.POSITIVE_DURATION);
        Optional<Duration> idle = cache.value("idle", ValueType.POSITIVE_DURATION);
        Optional<Duration> refreshAfter = cache.value("refresh-after", ValueType.POSITIVE_DURATION);
        boolean cacheNulls = cache.value("cache-nulls", ValueType.BOOLEAN).orElse(false);
        boolean cacheExceptions = cache.value("cache-exceptions", ValueType.BOOLEAN).orElse(false);
        Optional<List<Integer>> key = cache.list("key", ValueType.NON_NEGATIVE_INT);
        boolean shared = cache.value("shared", ValueType.BOOLEAN).orElse(false);
        List<MethodPattern> invalidateOn = cache.list("invalidate-on", ValueType.METHOD_PATTERN).orElse(List.of());

        boolean sizeGiven = maxSize.isPresent() || cache.inFile("max-size");
        boolean weightGiven = maxWeight.isPresent() || cache.inFile("max-weight");
        if (!sizeGiven && !weightGiven) {
            context.report(cache.location(), cache.path(),
                    "a bound is required: give max-size (entries) or max-weight (estimated bytes, e.g. 64MB)");
        } else if (sizeGiven && weightGiven) {
            context.report(at(cache, "max-weight"), cache.child("max-weight"),
                    "max-size and max-weight exclude each other: give one");
        }
        if (refreshAfter.isPresent() && ttl.isPresent() && refreshAfter.get().compareTo(ttl.get()) >= 0) {
            context.report(at(cache, "refresh-after"), cache.child("refresh-after"),
                    "must be shorter than ttl (" + DurationFormat.format(ttl.get()) + "): an entry expires before"
                            + " it is due for a refresh");
        }
        if (cacheExceptions && ttl.isEmpty()) {
            context.report(at(cache, "cache-exceptions"), cache.child("cache-exceptions"),
                    "needs a ttl: a stored exception would otherwise be rethrown until the entry is evicted");
        }
        reportRepeatedPositions(cache);
        if (context.problemCount() > problemsBefore) {
            return Optional.empty();
        }
        CacheSettings settings = new CacheSettings(
                maxSize.map(n -> OptionalLong.of(n.longValue())).orElse(OptionalLong.empty()),
                maxWeight.map(OptionalLong::of).orElse(OptionalLong.empty()),
                ttl, idle, refreshAfter, cacheNulls, cacheExceptions, key, shared);
        return Optional.of(new CacheConfig(settings, invalidateOn));
    }

    /** A key position given twice would make a key of the same argument twice: a typo, most likely. */
    private static void reportRepeatedPositions(MappingReader cache) {
        Optional<Node> key = cache.node("key");
        if (key.isEmpty() || !(key.get() instanceof SequenceNode)) {
            return;
        }
        List<Node> items = ((SequenceNode) key.get()).getValue();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof ScalarNode)) {
                continue;
            }
            try {
                int position = ValueType.NON_NEGATIVE_INT.parse(((ScalarNode) items.get(i)).getValue());
                if (!seen.add(position)) {
                    cache.context().report(cache.context().at(items.get(i)), cache.child("key") + "[" + i + "]",
                            "position " + position + " is given twice");
                }
            } catch (InvalidValueException alreadyReported) {
                // list() reported it
            }
        }
    }

    /** Where a key is written; the section itself when only an override gives it. */
    private static ConfigLocation at(MappingReader section, String key) {
        return section.keyLocation(key).orElse(section.location());
    }
}
