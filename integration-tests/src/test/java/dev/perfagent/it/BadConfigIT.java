package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.it.harness.AgentCli;
import dev.perfagent.it.harness.CommandResult;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Jcmd;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid configs: the agent names file, line, column and key of each problem, stays off, and the
 * application runs unchanged; {@code config validate} reports the same lines.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BadConfigIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern ERROR_LINE = Pattern.compile("^\\[perf-agent\\] \\S+ ERROR (.*)$");
    private static final String RULE_HEAD = "service: bad-config\nrules:\n  - name: scoring\n";

    @RegisterExtension
    final Processes processes = new Processes();

    /**
     * One bad file.
     *
     * @param file its name (null: the file does not exist)
     * @param yaml its content
     * @param problem the expected problem, after {@code FILE:}
     */
    record Case(String file, String yaml, String problem) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> badConfigs() {
        return Stream.of(
                new Case("unknown-key.yaml", "service: bad-config\nexport:\n  http:\n    prot: 0\n",
                        "4:5: export.http.prot: unknown key; did you mean 'port'? (allowed keys: enabled, host, port,"
                                + " token, insecure, allow-actions, show-values)"),
                new Case("bad-duration.yaml", RULE_HEAD
                        + "    match: dev.perfagent.sample.inference.MlpModel#score(float[])\n"
                        + "    time: { slo-p99: 50 }\n",
                        "5:22: rules[0].time.slo-p99: invalid duration '50': a unit is required"
                                + " (ns, us, ms, s, m, h — e.g. 50ms)"),
                new Case("bad-port.yaml", "service: bad-config\nexport:\n  http: { host: 127.0.0.1, port: 70000 }\n",
                        "3:34: export.http.port: port out of range: 70000 (expected 0..65535)"),
                new Case("bad-pattern.yaml", RULE_HEAD
                        + "    match: dev.perfagent.sample.inference.MlpModel.score\n"
                        + "    time: {}\n",
                        "4:51: rules[0].match: expected '#' between class and method in"
                                + " 'dev.perfagent.sample.inference.MlpModel.score'"),
                // An unquoted '[' inside a flow sequence: the YAML parser stops at float[]'s bracket.
                new Case("yaml-syntax.yaml", RULE_HEAD
                        + "    match: [ dev.perfagent.sample.inference.MlpModel#score(float[])\n"
                        + "    time: {}\n",
                        "4:65: (yaml): invalid YAML: while parsing a flow sequence, expected ',' or ']', but got ["),
                new Case("missing.yaml", null, "1:1: (file): cannot read: no such file"),
                new Case("bad-profiling.yaml", RULE_HEAD
                        + "    match: dev.perfagent.sample.inference.MlpModel#score(float[])\n"
                        + "    time: {}\n"
                        + "profiling: { cpu: perf }\n",
                        "6:19: profiling.cpu: unknown value 'perf' (expected one of auto, async-profiler, perf-events, ctimer, itimer, jfr, off)"),
                new Case("bad-layer.yaml", RULE_HEAD
                        + "    match: dev.perfagent.sample.inference.MlpModel#score(float[])\n"
                        + "    circuit-breaker: { failure-rate: 150% }\n",
                        "5:38: rules[0].circuit-breaker.failure-rate: must be more than 0% and at most 100%, got '150%'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void theAgentReportsTheProblemStaysOffAndTheAppRuns(Case bad) {
        Path dir = ItEnv.newDir("bad-config");
        Path file = bad.yaml() == null ? dir.resolve(bad.file()) : TestFiles.write(dir, bad.file(), bad.yaml());
        String expected = file + ":" + bad.problem();

        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(file).systemProperty("perfagent.export.http.port", "0"), dir);
        assertAgentOff(app, List.of(expected, offLine(file)));

        CommandResult validate = AgentCli.run("config", "validate", file.toString());
        assertEquals(1, validate.exitCode(), validate.describe());
        assertEquals(List.of(expected, file + ": 1 problem(s)"), validate.stderrLines(), validate.describe());
        assertEquals("", validate.stdout(), validate.describe());
    }

    @Test
    void aBadOverrideNamesTheSystemProperty() {
        Path dir = ItEnv.newDir("bad-override");
        Path config = ItEnv.sampleConfig();
        InferenceApp app = InferenceApp.start(processes, "inference-service",
                InferenceApp.command().perfAgent(config).systemProperty("perfagent.export.http.port", "abc"), dir);
        assertAgentOff(app, List.of("-Dperfagent.export.http.port: export.http.port: not a port number: 'abc'",
                offLine(config)));
    }

    @Test
    void theSampleConfigIsValid() {
        CommandResult validate = AgentCli.run("config", "validate", ItEnv.sampleConfig().toString());
        assertEquals(0, validate.exitCode(), validate.describe());
        assertEquals(List.of(ItEnv.sampleConfig() + ": valid"), validate.stdoutLines(), validate.describe());
        assertEquals("", validate.stderr(), validate.describe());
    }

    private static String offLine(Path file) {
        return "invalid config " + file + " (1 problem(s) above); the agent is off, the application runs unchanged";
    }

    /** The agent's ERROR lines are exactly {@code expectedErrors}; it never starts; the app serves. */
    private static void assertAgentOff(InferenceApp app, List<String> expectedErrors) {
        app.process().awaitStderr("ERROR invalid config .* the agent is off", WAIT);
        app.assertHealthy();
        app.score(1, 2);
        List<String> errors = app.process().stderr().snapshot().stream()
                .map(ERROR_LINE::matcher).filter(Matcher::matches).map(m -> m.group(1)).collect(Collectors.toList());
        assertEquals(expectedErrors, errors, app.process().describe());
        String stderr = app.process().stderr().text();
        assertTrue(!stderr.contains(" started (") && !stderr.contains("bound to"), app.process().describe());
        // No agent threads (the start thread ends once it has reported).
        Poll.until("no perf-agent-* thread", WAIT, () -> Jcmd.agentThreads(app.pid()), List::isEmpty);
        assertTrue(app.process().isAlive());
    }
}
