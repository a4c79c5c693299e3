package dev.perfagent.agent.config;

import java.util.List;

/** Reads the {@code weave} section. */
final class WeaveSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("retransform-batch-size")
            .value("retransform-pause")
            .value("unmatched-warning-after")
            .list("exclude")
            .build();

    private WeaveSectionParser() {
    }

    static WeaveConfig parse(MappingReader weave) {
        WeaveConfig defaults = WeaveConfig.defaults();
        return new WeaveConfig(
                weave.value("retransform-batch-size", ValueType.POSITIVE_INT).orElse(defaults.retransformBatchSize()),
                weave.value("retransform-pause", ValueType.DURATION).orElse(defaults.retransformPause()),
                weave.value("unmatched-warning-after", ValueType.DURATION).orElse(defaults.unmatchedWarningAfter()),
                weave.list("exclude", ValueType.CLASS_PATTERN).orElse(List.of()));
    }
}
