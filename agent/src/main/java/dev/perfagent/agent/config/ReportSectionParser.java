package dev.perfagent.agent.config;

/** Reads the {@code report} section. */
final class ReportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("on-exit")
            .build();

    private ReportSectionParser() {
    }

    static ReportConfig parse(MappingReader report) {
        return new ReportConfig(report.value("on-exit", ValueType.REPORT_FILE).or(ReportConfig.defaults()::onExit));
    }
}
