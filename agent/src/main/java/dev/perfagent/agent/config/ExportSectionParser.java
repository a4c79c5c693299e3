package dev.perfagent.agent.config;

/** Reads the {@code export} section. */
final class ExportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .section("http", HttpExportSectionParser.SCHEMA)
            .section("jfr", JfrExportSectionParser.SCHEMA)
            .section("otlp", OtlpExportSectionParser.SCHEMA)
            .build();

    private ExportSectionParser() {
    }

    static ExportConfig parse(MappingReader export) {
        boolean otlpPresent = export.node("otlp").isPresent()
                || export.overridePath("otlp").map(p -> export.context().overrides().anyUnder(p + ".")).orElse(false);
        return new ExportConfig(HttpExportSectionParser.parse(export.section("http")),
                JfrExportSectionParser.parse(export.section("jfr")),
                OtlpExportSectionParser.parse(export.section("otlp"), otlpPresent));
    }
}
