package dev.perfagent.agent.config;

/** Reads the {@code export.otlp} section. */
final class OtlpExportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("enabled")
            .value("endpoint")
            .value("interval")
            .map("headers")
            .map("resource")
            .value("aggregation-temporality")
            .build();

    private OtlpExportSectionParser() {
    }

    /**
     * @param present whether the file has the section or an override names one of its keys: then the push is on
     *                unless {@code enabled: false}
     */
    static OtlpExportConfig parse(MappingReader otlp, boolean present) {
        OtlpExportConfig defaults = OtlpExportConfig.disabled();
        return new OtlpExportConfig(
                otlp.value("enabled", ValueType.BOOLEAN).orElse(present),
                otlp.value("endpoint", ValueType.HTTP_URL).orElse(defaults.endpoint()),
                otlp.value("interval", ValueType.POSITIVE_DURATION).orElse(defaults.interval()),
                otlp.map("headers").orElse(defaults.headers()),
                otlp.map("resource").orElse(defaults.resource()),
                otlp.value("aggregation-temporality", ValueType.TEMPORALITY).orElse(defaults.temporality()));
    }
}
