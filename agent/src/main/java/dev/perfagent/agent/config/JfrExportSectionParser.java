package dev.perfagent.agent.config;

import java.nio.file.Path;
import java.util.Optional;

/** Reads the {@code export.jfr} section. */
final class JfrExportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("enabled")
            .value("settings")
            .value("max-age")
            .value("max-size")
            .value("dump-on-exit")
            .build();

    private JfrExportSectionParser() {
    }

    static JfrExportConfig parse(MappingReader jfr) {
        JfrExportConfig defaults = JfrExportConfig.defaults();
        Optional<Path> dumpOnExit = jfr.value("dump-on-exit", ValueType.PATH).or(defaults::dumpOnExit);
        // A file to write at exit is asking for the recording: no need to say enabled: true as well.
        boolean enabled = jfr.value("enabled", ValueType.BOOLEAN).orElse(dumpOnExit.isPresent() || defaults.enabled());
        return new JfrExportConfig(
                enabled,
                jfr.value("settings", ValueType.JFR_SETTINGS).orElse(defaults.settings()),
                jfr.value("max-age", ValueType.POSITIVE_DURATION).orElse(defaults.maxAge()),
                jfr.value("max-size", ValueType.BYTE_SIZE).orElse(defaults.maxSize()),
                dumpOnExit);
    }
}
