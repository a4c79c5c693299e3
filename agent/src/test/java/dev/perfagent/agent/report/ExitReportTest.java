package dev.perfagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitReportTest {
    @TempDir
    Path dir;

    private final AtomicReference<Thread> hookThread = new AtomicReference<>();

    private ExitReport install(Path file, Supplier<LiveReport> source, AgentLog log) {
        return ExitReport.install(file, source, log, task -> {
            Thread t = new Thread(task, "perf-agent-exit-report");
            hookThread.set(t);
            return t;
        });
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesTheFormatTheExtensionNamesIntoNewDirectoriesAndLogsTheFile() throws Exception {
        Path log = dir.resolve("agent.log");
        Path html = dir.resolve("out/deeper/report.html");
        try (AgentLog agentLog = AgentLog.toFile(AgentLog.Level.INFO, log)) {
            ExitReport report = install(html, ReportSamples::ready, agentLog);
            try {
                report.write();
            } finally {
                report.remove();
            }
        }
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.endsWith("</html>\n"), page);
        assertTrue(page.contains("<svg"), page);
        assertEquals(List.of("report.html"), files(html.getParent()), "no temporary file is left behind");
        assertTrue(Files.readString(log).contains("report written to " + html), Files.readString(log));
    }

    @Test
    void markdownForMdAndAnExistingReportIsReplaced() throws Exception {
        Path md = dir.resolve("report.md");
        Files.writeString(md, "old");
        ExitReport report = install(md, ReportSamples::profilingOff, AgentLog.toStderr(AgentLog.Level.ERROR));
        report.remove();
        report.write();
        assertTrue(Files.readString(md).startsWith("# perf-agent report: plain\n"), Files.readString(md));
    }

    @Test
    void aFailureIsLoggedWithThePathAndNeverThrown() throws Exception {
        Path log = dir.resolve("agent.log");
        Files.writeString(dir.resolve("blocker"), "a file where a directory should be");
        Path file = dir.resolve("blocker/report.html");
        try (AgentLog agentLog = AgentLog.toFile(AgentLog.Level.INFO, log)) {
            ExitReport broken = install(file, ReportSamples::ready, agentLog);
            broken.remove();
            broken.write();
            ExitReport throwing = install(dir.resolve("r.md"), () -> {
                throw new IllegalStateException("advisor gone");
            }, agentLog);
            throwing.remove();
            throwing.write();
        }
        String text = Files.readString(log);
        assertTrue(text.contains("writing the report to " + file + " failed: "), text);
        assertTrue(text.contains("writing the report to " + dir.resolve("r.md") + " failed: "
                + "java.lang.IllegalStateException: advisor gone"), text);
        assertFalse(Files.exists(dir.resolve("r.md")));
    }

    @Test
    void theHookIsRegisteredUntilRemoved() {
        ExitReport report = install(dir.resolve("r.html"), ReportSamples::ready, AgentLog.toStderr(AgentLog.Level.ERROR));
        // Registered: registering the same thread again is refused.
        assertThrows(IllegalArgumentException.class, () -> Runtime.getRuntime().addShutdownHook(hookThread.get()));
        report.remove();
        assertFalse(Runtime.getRuntime().removeShutdownHook(hookThread.get()), "already removed");
        report.remove(); // twice is harmless
        assertEquals(dir.resolve("r.html").toAbsolutePath(), report.file());
        assertThrows(IllegalArgumentException.class,
                () -> install(dir.resolve("r.txt"), ReportSamples::ready, AgentLog.toStderr(AgentLog.Level.ERROR)));
    }
}
