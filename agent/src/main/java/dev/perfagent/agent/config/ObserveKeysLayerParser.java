package dev.perfagent.agent.config;

import java.util.Optional;

/**
 * Reads a rule's {@code observe-keys} layer: {@code observe-keys: { max-size: 1000, key-sample: 100%,
 * shared: false }}, or {@code observe-keys: {}} / {@code true} for the defaults.
 */
final class ObserveKeysLayerParser {

    /** The rule key this layer is configured under. */
    static final String KEY = "observe-keys";

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("max-size")
            .value("key-sample")
            .value("shared")
            .build();

    private ObserveKeysLayerParser() {
    }

    /** The layer, if the rule has it; an override of one of its keys gives the rule the layer. */
    static Optional<ObserveKeysConfig> parse(MappingReader rule) {
        return rule.switchableSection(KEY, "{ max-size: 1000, key-sample: 100% }").map(keys -> new ObserveKeysConfig(
                keys.value("max-size", ValueType.POSITIVE_INT).orElse(ObserveKeysConfig.DEFAULT_MAX_SIZE),
                keys.value("key-sample", ValueType.PERCENT).orElse(100.0) / 100,
                keys.value("shared", ValueType.BOOLEAN).orElse(false)));
    }
}
