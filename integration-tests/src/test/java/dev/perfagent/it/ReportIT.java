package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.Http;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * bottlenecks-app's CPU hot loop under {@code -javaagent} with profiling and {@code report.on-exit}: the
 * report is served on demand at {@code /report} (HTML with flame graphs) and {@code /report.md}, and written
 * to the file when the JVM is stopped with SIGTERM.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReportIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOT = "HotLoop#checksum";
    private static final Pattern PORT =
            Pattern.compile(".*port 0 in config: HTTP exports bound to http://127\\.0\\.0\\.1:(\\d+)/$");

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void theReportIsServedOnDemandAndWrittenAtExit() {
        Path dir = ItEnv.newDir("report");
        Path file = dir.resolve("out").resolve("perf-agent-report.html");
        Path config = TestFiles.write(dir, "perf-agent.yaml", ""
                + "service: bottlenecks\n"
                + "export:\n  http: { host: 127.0.0.1, port: 0 }\n"
                + "profiling:\n  window: 3s\n  native-dir: " + dir.resolve("native") + "\n"
                + "report: { on-exit: " + file + " }\n"
                + "rules:\n  - name: entry\n    match: dev.perfagent.sample.bottlenecks.Main#main(..)\n    time: {}\n");
        ManagedProcess app = processes.start("bottlenecks-cpu-hot-loop",
                JvmCommand.create().perfAgent(config).jar(ItEnv.bottlenecksJar()).args("cpu-hot-loop"), dir);
        String base = "http://127.0.0.1:" + app.stderr().await(PORT, WAIT).group(1);
        app.stderr().await(Pattern.compile(".*the report is written to " + Pattern.quote(file.toString())
                + " when the JVM exits$"), WAIT);

        // One window analysed that names the hot loop (usually the first; start-up may push it to the second).
        Poll.until("a window whose recommendations name " + HOT, WAIT,
                () -> Json.parse(Http.getOk(base + "/recommendations")),
                r -> "ready".equals(r.path("state").asText()) && names(r, HOT));

        Http.Response html = Http.get(base + "/report");
        assertEquals(200, html.status(), html.body());
        assertEquals("text/html; charset=utf-8", html.contentType());
        assertTrue(html.body().contains(HOT) && html.body().contains("<svg"), excerpt(html.body()));
        Http.Response markdown = Http.get(base + "/report.md");
        assertEquals(200, markdown.status(), markdown.body());
        assertEquals("text/markdown; charset=utf-8", markdown.contentType());
        assertTrue(markdown.body().contains(HOT), excerpt(markdown.body()));

        // SIGTERM: the JVM runs its shutdown hooks, the report's among them.
        app.terminate(WAIT);
        String written = Poll.until(file + " written completely", Duration.ofSeconds(10),
                () -> TestFiles.readIfExists(file),
                text -> text.strip().endsWith("</html>"));
        assertTrue(written.contains(HOT) && written.contains("<svg"), excerpt(written));
        app.stderr().await(Pattern.compile(".*INFO report written to " + Pattern.quote(file.toString()) + " \\(\\d+ KB\\)$"),
                Duration.ofSeconds(10));
    }

    private static boolean names(JsonNode report, String place) {
        for (JsonNode r : report.path("recommendations")) {
            if (r.path("where").asText().endsWith(place)) {
                return true;
            }
        }
        return false;
    }

    private static String excerpt(String text) {
        return text.length() > 3000 ? text.substring(0, 3000) : text;
    }
}
