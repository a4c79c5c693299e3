package dev.perfagent.agent.config;

/** Reads the {@code export.http} section. */
final class HttpExportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("enabled")
            .value("host")
            .value("port")
            .build();

    private HttpExportSectionParser() {
    }

    static HttpExportConfig parse(MappingReader http) {
        HttpExportConfig defaults = HttpExportConfig.defaults();
        return new HttpExportConfig(
                http.value("enabled", ValueType.BOOLEAN).orElse(defaults.enabled()),
                http.value("host", ValueType.HOST).orElse(defaults.host()),
                http.value("port", ValueType.PORT).orElse(defaults.port()));
    }
}
