package dev.perfagent.agent.config;

/** Reads the {@code export} section. */
final class ExportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .section("http", HttpExportSectionParser.SCHEMA)
            .section("jfr", JfrExportSectionParser.SCHEMA)
            .future("exporter", "otlp")
            .build();

    private ExportSectionParser() {
    }

    static ExportConfig parse(MappingReader export) {
        return new ExportConfig(HttpExportSectionParser.parse(export.section("http")),
                JfrExportSectionParser.parse(export.section("jfr")));
    }
}
