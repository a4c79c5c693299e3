package dev.perfagent.agent.config;

/** Reads the {@code export} section. */
final class ExportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .section("http", HttpExportSectionParser.SCHEMA)
            .section("otlp", OtlpExportSectionParser.SCHEMA)
            .future("exporter", "jfr")
            .build();

    private ExportSectionParser() {
    }

    static ExportConfig parse(MappingReader export) {
        boolean otlpPresent = export.node("otlp").isPresent()
                || export.overridePath("otlp").map(p -> export.context().overrides().anyUnder(p + ".")).orElse(false);
        return new ExportConfig(HttpExportSectionParser.parse(export.section("http")),
                OtlpExportSectionParser.parse(export.section("otlp"), otlpPresent));
    }
}
