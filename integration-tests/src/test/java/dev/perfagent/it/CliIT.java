package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.it.harness.AgentCli;
import dev.perfagent.it.harness.CommandResult;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Jcmd;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: help, usage errors (exit 2), failures (exit 1), list. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliIT {
    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void mainHelpListsEveryCommand() {
        CommandResult help = AgentCli.run("--help");
        assertEquals(0, help.exitCode(), help.describe());
        assertTrue(help.stdout().startsWith("Usage: perf-agent "), help.describe());
        for (String command : List.of("list", "attach", "detach", "status", "config")) {
            assertTrue(Pattern.compile("(?m)^\\s+" + command + "\\s+\\S").matcher(help.stdout()).find(),
                    "no '" + command + "' in\n" + help.describe());
        }
        assertEquals("", help.stderr(), help.describe());
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"list", "attach", "detach", "status", "config", "config validate"})
    void everySubcommandHasHelp(String command) {
        String[] args = (command + " --help").split(" ");
        CommandResult help = AgentCli.run(args);
        assertEquals(0, help.exitCode(), help.describe());
        assertTrue(help.stdout().startsWith("Usage: perf-agent " + command + " "), help.describe());
        if (List.of("attach", "detach", "status").contains(command)) {
            assertTrue(help.stdout().contains("PID"), help.describe());
        }
        assertEquals("", help.stderr(), help.describe());
    }

    /**
     * {@code gpu list} tries CUDA through JavaCPP, which loads JNI libraries: on JDK 22+ that printed the JDK's
     * four-line restricted-method warning until the jar's manifest granted native access. Only the list on stdout,
     * nothing on stderr, on any machine (with CUDA or without).
     */
    @Test
    void gpuListPrintsTheDevicesAndNoWarning() {
        CommandResult list = AgentCli.run("gpu", "list");
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(list.stdout().startsWith("accelerator: "), list.describe());
        assertTrue(list.stdout().contains("KIND  INDEX"), list.describe());
        assertEquals("", list.stderr(), list.describe());
    }

    @Test
    void usageErrorsExitTwo() {
        CommandResult unknown = AgentCli.run("frobnicate");
        assertEquals(2, unknown.exitCode(), unknown.describe());
        assertTrue(unknown.stderr().startsWith("Unmatched argument at index 0: 'frobnicate'"), unknown.describe());
        assertEquals("", unknown.stdout(), unknown.describe());

        for (String command : List.of("attach", "detach", "status")) {
            CommandResult noPid = AgentCli.run(command);
            assertEquals(2, noPid.exitCode(), noPid.describe());
            assertTrue(noPid.stderr().startsWith("Missing required parameter: 'PID'"), noPid.describe());
        }

        CommandResult none = AgentCli.run();
        assertEquals(2, none.exitCode(), none.describe());
        CommandResult noFile = AgentCli.run("config", "validate");
        assertEquals(2, noFile.exitCode(), noFile.describe());
    }

    @Test
    void commandsOnAMissingJvmFailWithOneLine() {
        long pid = 999_999;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        for (String command : List.of("attach", "detach", "status")) {
            CommandResult result = AgentCli.run(command, Long.toString(pid));
            assertEquals(1, result.exitCode(), result.describe());
            assertEquals(1, result.stderrLines().size(), "one line:\n" + result.describe());
            assertTrue(result.stderr().startsWith("perf-agent: cannot attach to JVM " + pid + ": "), result.describe());
            assertEquals("", result.stdout(), result.describe());
        }
    }

    @Test
    void listShowsARunningJvmAndAttachChecksTheConfigFirst() {
        Path dir = ItEnv.newDir("cli");
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command().attachable(), dir);
        String pid = Long.toString(app.pid());

        CommandResult list = AgentCli.run("list");
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(list.stdoutLines().get(0).matches("PID\\s+MAIN"), list.describe());
        assertTrue(list.stdoutLines().stream().anyMatch(
                l -> l.matches(Pattern.quote(pid) + "\\s+.*inference-service\\.jar.*")), list.describe());

        // A missing or invalid config is refused before anything is loaded into the JVM.
        CommandResult missing = AgentCli.run("attach", pid, "--config", dir.resolve("nope.yaml").toString());
        assertEquals(1, missing.exitCode(), missing.describe());
        assertEquals(List.of("perf-agent: config file not found: " + dir.resolve("nope.yaml")),
                missing.stderrLines(), missing.describe());

        Path bad = TestFiles.write(dir, "bad.yaml", "servce: x\n");
        CommandResult invalid = AgentCli.run("attach", pid, "--config", bad.toString());
        assertEquals(1, invalid.exitCode(), invalid.describe());
        assertEquals(List.of(bad + ":1:1: servce: unknown key; did you mean 'service'? (allowed keys: service,"
                        + " enabled, log, export, weave, reload, reload-interval, rules, profiling, gpu, report)",
                "perf-agent: config " + bad + " is invalid; nothing was attached"),
                invalid.stderrLines(), invalid.describe());

        assertEquals(List.of(), Jcmd.agentThreads(app.pid()));
        assertEquals(List.of(), app.process().stderr().matching(Pattern.compile("perf-agent")),
                "the target heard nothing of it:\n" + app.process().describe());
        app.assertHealthy();
    }
}
