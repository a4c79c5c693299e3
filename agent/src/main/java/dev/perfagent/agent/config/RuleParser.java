package dev.perfagent.agent.config;

import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one item of {@code rules}: its name, its method patterns and its layers.
 *
 * <p>To add a layer: write its {@code XLayerParser} (a schema and a {@code parse(MappingReader)}),
 * add it to {@link #SCHEMA} and {@link #parse} (and to the "no layer" check), take its key out of
 * {@link #FUTURE_LAYERS}, and give {@link RuleConfig} a field for it.
 */
final class RuleParser {

    /** Layer keys later versions add; naming one is an error that says so, not "unknown key". */
    static final List<String> FUTURE_LAYERS = List.of();

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .fileOnlyValue("name")
            .list("match")
            .section(TimeLayerParser.KEY, TimeLayerParser.SCHEMA)
            .section(BatchLayerParser.KEY, BatchLayerParser.SCHEMA)
            .section(RateLimitLayerParser.KEY, RateLimitLayerParser.SCHEMA)
            .section(ConcurrencyLimitLayerParser.KEY, ConcurrencyLimitLayerParser.SCHEMA)
            .section(CircuitBreakerLayerParser.KEY, CircuitBreakerLayerParser.SCHEMA)
            .section(CacheLayerParser.KEY, CacheLayerParser.SCHEMA)
            .section(ObserveKeysLayerParser.KEY, ObserveKeysLayerParser.SCHEMA)
            .future("layer", FUTURE_LAYERS.toArray(new String[0]))
            .build();

    private RuleParser() {
    }

    /** The rule, or empty when it lacks what a rule needs (already reported). */
    static Optional<RuleConfig> parse(ParseContext context, Node item, int index) {
        String path = "rules[" + index + "]";
        if (!(item instanceof MappingNode)) {
            context.report(context.at(item), path, "expected a rule (a mapping with name, match and a layer), got "
                    + MappingReader.describe(item));
            return Optional.empty();
        }
        MappingReader plain = MappingReader.read(context, SCHEMA, path, null, item);
        Optional<String> name = plain.value("name", ValueType.RULE_NAME);
        if (!plain.inFile("name")) {
            context.report(plain.location(), path, "missing required key 'name'");
        }
        // Overrides address a rule by name: -Dperfagent.rules.<name>.time.slo-p99
        MappingReader rule = name.map(n -> plain.withOverridePath("rules." + n)).orElse(plain);

        Optional<List<MethodPattern>> match = rule.list("match", ValueType.METHOD_PATTERN);
        if (!rule.inFile("match")) {
            context.report(rule.location(), path,
                    "missing required key 'match' (a method pattern such as com.example.Foo#bar(..))");
        } else if (rule.node("match").filter(n -> n instanceof SequenceNode && ((SequenceNode) n).getValue().isEmpty())
                .isPresent()) {
            context.report(context.at(rule.node("match").get()), rule.child("match"),
                    "expected at least one method pattern");
        }

        int problemsBefore = context.problemCount();
        Optional<TimeConfig> time = TimeLayerParser.parse(rule);
        Optional<BatchConfig> batch = BatchLayerParser.parse(rule);

        Optional<CacheConfig> cache = CacheLayerParser.parse(rule);

        Optional<CircuitBreakerConfig> breaker = CircuitBreakerLayerParser.parse(rule);

        Optional<ConcurrencyLimitConfig> limit = ConcurrencyLimitLayerParser.parse(rule);

        Optional<RateLimitConfig> rateLimit = RateLimitLayerParser.parse(rule);

        Optional<ObserveKeysConfig> observeKeys = ObserveKeysLayerParser.parse(rule);
        if (observeKeys.isPresent() && cache.isPresent()) {
            // The cache's own hit ratio is the measured answer; a shadow beside it would only cost.
            context.report(rule.node(ObserveKeysLayerParser.KEY).map(context::at).orElse(rule.location()),
                    rule.child(ObserveKeysLayerParser.KEY), "the rule already has a cache, whose hit ratio is"
                            + " measured; remove observe-keys");
            observeKeys = Optional.empty();
        }

        boolean anyLayer = time.isPresent() || batch.isPresent() || cache.isPresent() || breaker.isPresent()
                || limit.isPresent() || rateLimit.isPresent() || observeKeys.isPresent();
        boolean layerProblems = context.problemCount() > problemsBefore;
        boolean futureLayer = FUTURE_LAYERS.stream().anyMatch(rule::inFile);
        if (!anyLayer && !layerProblems && !futureLayer) {
            context.report(rule.location(), path, "no layer given; add e.g. 'time: {}'");
        }
        if (name.isEmpty() || match.isEmpty() || match.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RuleConfig(name.get(), match.get(), time, batch, cache, breaker, limit, rateLimit,
                observeKeys, rule.location()));
    }
}
