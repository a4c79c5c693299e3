package dev.perfagent.agent.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a rule's {@code time} layer: {@code time: {slo-p99: 100ms}}, or {@code time: {}},
 * {@code time:} or {@code time: true} for timing without an objective.
 */
final class TimeLayerParser {

    /** The rule key this layer is configured under. */
    static final String KEY = "time";

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("slo-p99")
            .build();

    private TimeLayerParser() {
    }

    /** The layer, if the rule has it; an override of one of its keys gives the rule the layer. */
    static Optional<TimeConfig> parse(MappingReader rule) {
        Optional<Node> node = rule.node(KEY);
        boolean overridden = rule.overridePath(KEY)
                .map(p -> rule.context().overrides().anyUnder(p + "."))
                .orElse(false);
        if (node.isEmpty() && !overridden) {
            return Optional.empty();
        }
        MappingReader time;
        if (node.isPresent() && node.get() instanceof ScalarNode && !MappingReader.isNull(node.get())) {
            String text = ((ScalarNode) node.get()).getValue();
            if (!text.equals("true")) {
                rule.context().report(rule.context().at(node.get()), rule.child(KEY),
                        "expected a mapping such as { slo-p99: 100ms }, {} or true, got " + MappingReader.describe(node.get())
                                + (text.equals("false") ? "; to turn the layer off, remove the key" : ""));
                return Optional.empty();
            }
            time = rule.emptySection(KEY);
        } else {
            time = rule.section(KEY);
        }
        return Optional.of(new TimeConfig(time.value("slo-p99", ValueType.POSITIVE_DURATION)));
    }
}
