package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JfrExportSectionParserTest {

    private static JfrExportConfig jfr(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(yaml, "perf-agent.yaml", properties, Map.of()).export().jfr();
    }

    @Test
    void offByDefault() throws ConfigException {
        assertEquals(JfrExportConfig.defaults(), jfr("service: x\n", Map.of()));
        assertEquals(new JfrExportConfig(false, JfrExportConfig.Settings.DEFAULT, Duration.ofMinutes(10), 100L << 20,
                Optional.empty()), JfrExportConfig.defaults());
    }

    @Test
    void readsEveryKey() throws ConfigException {
        assertEquals(new JfrExportConfig(true, JfrExportConfig.Settings.PROFILE, Duration.ofMinutes(30), 512L << 20,
                        Optional.of(Path.of("/tmp/app.jfr"))),
                jfr("export:\n  jfr:\n    enabled: true\n    settings: profile\n    max-age: 30m\n"
                        + "    max-size: 512MB\n    dump-on-exit: /tmp/app.jfr\n", Map.of()));
    }

    @Test
    void aDumpFileTurnsTheRecordingOnUnlessItIsTurnedOff() throws ConfigException {
        assertEquals(true, jfr("export: { jfr: { dump-on-exit: x.jfr } }", Map.of()).enabled());
        assertEquals(Optional.of(Path.of("x.jfr")), jfr("export: { jfr: { dump-on-exit: x.jfr } }", Map.of()).dumpOnExit());
        assertEquals(false, jfr("export: { jfr: { dump-on-exit: x.jfr, enabled: false } }", Map.of()).enabled());
        assertEquals(true, jfr("export: { jfr: { enabled: true } }", Map.of()).enabled());
    }

    @Test
    void systemPropertiesOverrideTheFile() throws ConfigException {
        JfrExportConfig config = jfr("export: { jfr: { max-age: 1m } }",
                Map.of("perfagent.export.jfr.max-age", "2h", "perfagent.export.jfr.enabled", "true"));
        assertEquals(Duration.ofHours(2), config.maxAge());
        assertEquals(true, config.enabled());
    }

    @Test
    void badValuesNameFileLineColumnAndKey() {
        assertEquals(List.of("perf-agent.yaml:1:28: export.jfr.settings: unknown value 'fast' (expected one of default,"
                + " profile)"), problems("export: { jfr: { settings: fast } }"));
        assertEquals(List.of("perf-agent.yaml:1:27: export.jfr.max-age: must be greater than 0, got '0s'"),
                problems("export: { jfr: { max-age: 0s } }"));
        assertEquals(List.of("perf-agent.yaml:1:28: export.jfr.max-size: invalid size '100': a unit is required (B, KB,"
                + " MB, GB — e.g. 100MB)"), problems("export: { jfr: { max-size: 100 } }"));
        assertEquals(List.of("perf-agent.yaml:1:27: export.jfr.enabled: expected true or false, got 'yes'"),
                problems("export: { jfr: { enabled: yes } }"));
        assertEquals(List.of("perf-agent.yaml:3:5: export.jfr.dump-on-exti: unknown key; did you mean 'dump-on-exit'?"
                        + " (allowed keys: enabled, settings, max-age, max-size, dump-on-exit)"),
                problems("export:\n  jfr:\n    dump-on-exti: x.jfr\n"));
    }
}
