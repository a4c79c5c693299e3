package dev.perfagent.agent.config;

/** Reads the {@code log} section. */
final class LogSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("level")
            .value("file")
            .build();

    private LogSectionParser() {
    }

    static LogConfig parse(MappingReader log) {
        LogConfig defaults = LogConfig.defaults();
        return new LogConfig(
                log.value("level", ValueType.LOG_LEVEL).orElse(defaults.level()),
                log.value("file", ValueType.PATH).or(defaults::file));
    }
}
