package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportSectionParserTest {

    private static ReportConfig report(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(yaml, "perf-agent.yaml", properties, Map.of()).report();
    }

    @Test
    void noReportWithoutTheSection() throws ConfigException {
        assertEquals(ReportConfig.defaults(), report("service: x\n", Map.of()));
        assertEquals(Optional.empty(), ReportConfig.defaults().onExit());
        assertEquals(Optional.empty(), report("report:\n", Map.of()).onExit());
    }

    @Test
    void theExtensionNamesTheFormat() throws ConfigException {
        ReportConfig html = report("report: { on-exit: out/perf-agent-report.html }", Map.of());
        assertEquals(Optional.of(Path.of("out/perf-agent-report.html")), html.onExit());
        assertEquals(Optional.of(ReportConfig.Format.HTML), html.format());
        assertEquals(Optional.of(ReportConfig.Format.HTML), report("report: { on-exit: /tmp/R.HTM }", Map.of()).format());
        assertEquals(Optional.of(ReportConfig.Format.MARKDOWN), report("report: { on-exit: r.md }", Map.of()).format());
    }

    @Test
    void aSystemPropertyOverridesTheFile() throws ConfigException {
        assertEquals(Optional.of(Path.of("/var/tmp/x.md")), report("report: { on-exit: a.html }",
                Map.of("perfagent.report.on-exit", "/var/tmp/x.md")).onExit());
    }

    @Test
    void badValuesNameFileLineColumnAndKey() {
        assertEquals(List.of("perf-agent.yaml:1:20: report.on-exit: unsupported report file 'report.txt': the"
                + " extension names the format (.html or .htm for HTML, .md for Markdown)"),
                problems("report: { on-exit: report.txt }"));
        assertEquals(List.of("perf-agent.yaml:2:3: report.on-exit: missing value (expected a file path ending in"
                + " .html, .htm or .md)"), problems("report:\n  on-exit:\n"));
        assertEquals(List.of("perf-agent.yaml:2:3: report.on-exti: unknown key; did you mean 'on-exit'? (allowed keys:"
                + " on-exit)"), problems("report:\n  on-exti: x.md\n"));
        assertThrows(IllegalArgumentException.class, () -> new ReportConfig(Optional.of(Path.of("x.txt"))));
    }
}
