package dev.perfagent.agent.config;

import java.util.Optional;

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
        return rule.switchableSection(KEY, "{ slo-p99: 100ms }")
                .map(time -> new TimeConfig(time.value("slo-p99", ValueType.POSITIVE_DURATION)));
    }
}
