package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.layer.rate.RateLimitSettings;
import java.time.Duration;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a rule's {@code rate-limit} layer:
 * {@code rate-limit: { permits: 100, per: 1s, burst: 20, when-limited: wait, max-wait: 100ms }}.
 * Only {@code permits} is required. Every setting the limiter cannot honour exactly is an error here,
 * at its key, never adjusted.
 */
final class RateLimitLayerParser {

    /** The rule key this layer is configured under. */
    static final String KEY = "rate-limit";

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("permits")
            .value("per")
            .value("burst")
            .value("when-limited")
            .value("max-wait")
            .build();

    /** The period {@code permits} are counted over when the file does not say. */
    static final Duration DEFAULT_PER = Duration.ofSeconds(1);
    /** No calls above the steady rate: {@code permits} per {@code per} is then a hard bound on any window. */
    static final int DEFAULT_BURST = 0;

    private RateLimitLayerParser() {
    }

    /** The layer, if the rule has it (or an override gives it one) and it is valid. */
    static Optional<RateLimitConfig> parse(MappingReader rule) {
        ParseContext context = rule.context();
        Optional<MappingReader> written = rule.layerSection(KEY, "{ permits: 100, per: 1s }");
        if (written.isEmpty()) {
            return Optional.empty();
        }
        MappingReader limit = written.get();
        Optional<Node> node = rule.node(KEY);
        // A written mapping is pointed at where it starts; 'rate-limit:' with nothing, or an override, at the key.
        ConfigLocation section = node.filter(n -> n instanceof MappingNode).map(context::at)
                .orElseGet(() -> rule.keyLocation(KEY).orElse(rule.location()));

        int problemsBefore = context.problemCount();
        Optional<Integer> permits = limit.value("permits", ValueType.POSITIVE_INT);
        Duration per = limit.value("per", ValueType.POSITIVE_DURATION).orElse(DEFAULT_PER);
        int burst = limit.value("burst", ValueType.NON_NEGATIVE_INT).orElse(DEFAULT_BURST);
        WhenLimited whenLimited = limit.value("when-limited", ValueType.WHEN_LIMITED).orElse(WhenLimited.REJECT);
        Optional<Duration> maxWait = limit.value("max-wait", ValueType.POSITIVE_DURATION);
        if (context.problemCount() > problemsBefore) {
            return Optional.empty();
        }
        if (permits.isEmpty()) {
            context.report(section, limit.path(), "missing required key 'permits' (calls allowed per 'per', e.g."
                    + " permits: 100)");
            return Optional.empty();
        }
        if (whenLimited == WhenLimited.WAIT && maxWait.isEmpty()) {
            context.report(at(limit, "when-limited", section), limit.child("when-limited"),
                    "wait needs max-wait, the longest a call may wait for its turn (e.g. max-wait: 100ms)");
        }
        if (whenLimited == WhenLimited.REJECT && maxWait.isPresent()) {
            context.report(at(limit, "max-wait", section), limit.child("max-wait"),
                    "max-wait applies only with when-limited: wait (with reject, a call that comes too early is"
                            + " refused at once)");
        }
        if (whenLimited == WhenLimited.WAIT && maxWait.isPresent()
                && maxWait.get().toNanos() > RateLimitSettings.MAX_SPAN_NANOS) {
            context.report(at(limit, "max-wait", section), limit.child("max-wait"),
                    "too long (at most 73 years)");
        }
        RateLimitSettings.intervalProblem(permits.get(), per).ifPresent(problem ->
                context.report(at(limit, "permits", section), limit.child("permits"), problem));
        RateLimitSettings.spanProblem(permits.get(), per, burst).ifPresent(problem -> {
            String key = limit.inFile("burst") ? "burst" : "per";
            context.report(at(limit, key, section), limit.child(key), problem);
        });
        if (context.problemCount() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new RateLimitConfig(new RateLimitSettings(permits.get(), per, burst, whenLimited,
                maxWait)));
    }

    /** Where a key of the section is written; the section itself when an override or the default gave it. */
    private static ConfigLocation at(MappingReader limit, String key, ConfigLocation section) {
        return limit.keyLocation(key).orElse(section);
    }
}
