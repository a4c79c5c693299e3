package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfagent.it.harness.AgentCli;
import dev.perfagent.it.harness.CommandResult;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Json;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code export.jfr} in a real JVM: the agent's continuous recording holds the JDK's events and the
 * agent's own (category perf-agent); the JVM writes it at exit ({@code dump-on-exit}), and {@code
 * perf-agent dump <pid>} writes its live window from outside.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JfrRecordingIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern SECOND = Pattern.compile("^\\{\"second\".*");
    private static final String BREAKER_EVENT = "dev.perfagent.CircuitBreakerState";

    @RegisterExtension
    final Processes processes = new Processes();

    private static String config(String jfr) {
        return "service: resilience-app\n"
                + "export:\n  http: { enabled: false }\n  jfr: " + jfr + "\n"
                + "rules:\n"
                + "  - name: prices\n"
                + "    match: dev.perfagent.sample.resilience.PriceClient#fetch(java.lang.String)\n"
                + "    circuit-breaker: { window: 20, minimum-calls: 10, failure-rate: 50%, open-for: 2s,"
                + " half-open-calls: 3 }\n";
    }

    private ManagedProcess start(Path dir, String jfr) {
        Path config = TestFiles.write(dir, "perf-agent.yaml", config(jfr));
        ManagedProcess app = processes.start("resilience-app", JvmCommand.create().attachable().perfAgent(config)
                .jar(ItEnv.resilienceJar()).args("--threads", "4"), dir);
        app.awaitStderr(".*INFO JFR recording 'perf-agent' started .*", WAIT);
        app.awaitStderr(".*INFO started \\(premain\\).*", WAIT);
        return app;
    }

    /** Makes the price service hang until the app's seconds show refused calls: the breaker opened. */
    private static void openTheBreaker(ManagedProcess app) {
        Poll.until("a second with answered price calls", WAIT, () -> seconds(app),
                all -> !all.isEmpty() && all.get(all.size() - 1).path("fetch").path("ok").asLong() > 0);
        app.send("down");
        Poll.until("a second with refused price calls", WAIT, () -> seconds(app),
                all -> !all.isEmpty()
                        && all.get(all.size() - 1).path("fetch").path("CallNotPermittedException").asLong() > 0);
    }

    private static List<JsonNode> seconds(ManagedProcess app) {
        return app.stdout().matching(SECOND).stream().map(Json::parse).collect(Collectors.toList());
    }

    @Test
    void theRecordingIsWrittenAtExitWithTheJdksEventsAndTheAgents() throws Exception {
        Path dir = ItEnv.newDir("jfr-dump-on-exit");
        Path file = dir.resolve("out").resolve("x.jfr");
        ManagedProcess app = start(dir, "{ dump-on-exit: " + file + " }");
        openTheBreaker(app);

        // SIGTERM: the JVM shuts down normally and runs its shutdown hooks, JFR's among them.
        ProcessHandle.of(app.pid()).orElseThrow().destroy();
        app.awaitExit(WAIT);

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().startsWith("jdk.")),
                "the JDK's own events are in the recording");
        RecordedEvent opened = events.stream()
                .filter(e -> e.getEventType().getName().equals(BREAKER_EVENT))
                .filter(e -> "OPEN".equals(e.getString("to")))
                .findFirst().orElseThrow(() -> new AssertionError("no breaker opening in " + file));
        assertEquals("perf-agent", opened.getEventType().getCategoryNames().get(0));
        assertEquals("prices", opened.getString("rule"));
        assertEquals("CLOSED", opened.getString("from"));
    }

    @Test
    void dumpWritesTheLiveWindowOfARunningJvm() throws IOException {
        Path dir = ItEnv.newDir("jfr-dump-cli");
        ManagedProcess app = start(dir, "{ enabled: true }");
        openTheBreaker(app);

        Path file = dir.resolve("live.jfr");
        CommandResult dump = AgentCli.run("dump", String.valueOf(app.pid()), "--file", file.toString());
        assertEquals(0, dump.exitCode(), dump.describe());
        assertTrue(dump.stdout().contains("wrote perf-agent of JVM " + app.pid() + " to " + file), dump.describe());
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals(BREAKER_EVENT)),
                "the breaker's transitions are in the dump");
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().startsWith("jdk.")));
        assertTrue(app.isAlive(), "the JVM keeps running after the dump");
    }

    @Test
    void dumpSaysSoWhenTheJvmHasNoRecording() {
        Path dir = ItEnv.newDir("jfr-dump-none");
        Path config = TestFiles.write(dir, "perf-agent.yaml", config("{ enabled: false }"));
        ManagedProcess app = processes.start("resilience-app", JvmCommand.create().attachable().perfAgent(config)
                .jar(ItEnv.resilienceJar()).args("--threads", "1"), dir);
        app.awaitStderr(".*INFO started \\(premain\\).*", WAIT);

        CommandResult dump = AgentCli.run("dump", String.valueOf(app.pid()), "--file", dir.resolve("none.jfr").toString());
        assertEquals(1, dump.exitCode(), dump.describe());
        assertTrue(dump.stderr().contains("has no JFR recording to dump"), dump.describe());
        assertTrue(Files.notExists(dir.resolve("none.jfr")));
    }
}
