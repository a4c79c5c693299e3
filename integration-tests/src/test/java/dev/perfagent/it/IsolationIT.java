package dev.perfagent.it;

import static dev.perfagent.it.harness.InferenceApp.SCORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.it.harness.AgentCli;
import dev.perfagent.it.harness.InferenceApp;
import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.Jcmd;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.Lines;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.PromText;
import dev.perfagent.it.harness.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * perf-agent keeps to itself: one instance per JVM, its classes invisible to the host, and its
 * libraries never clash with the host's own versions or with another agent's.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IsolationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WORK = "dev.perfagent.sample.conflict.Workload#work(int)";
    private static final Pattern CHECKS_PASSED = Pattern.compile("^conflict-app: checks passed \\d+$");
    private static final Pattern PROBE = Pattern.compile("^probe (\\S+): (loadable|not loadable)$");
    private static final String CONFLICT_CONFIG = String.join("\n",
            "service: conflict-app",
            "export:",
            "  http: { port: 0 }",
            "rules:",
            "  - name: workload",
            "    match: " + WORK,
            "    time: {}",
            "");

    @RegisterExtension
    final Processes processes = new Processes();

    @Test
    void aSecondJavaagentIsRefusedWithOneLine() {
        Path dir = ItEnv.newDir("double-javaagent");
        InferenceApp app = InferenceApp.start(processes, "inference-service", InferenceApp.command()
                .perfAgent(ItEnv.sampleConfig())
                .perfAgent(ItEnv.sampleConfig())
                .systemProperty("perfagent.export.http.port", "0"), dir);
        int port = app.awaitAgentPort();
        app.process().awaitStderr("INFO started \\(premain\\)", WAIT);
        app.score(1, 6);
        // If both had woven, each call would be counted twice.
        PromText metrics = Poll.until("6 calls", WAIT,
                () -> PromText.scrape("http://127.0.0.1:" + port + "/metrics"), m -> m.calls(SCORE) >= 6);
        assertEquals(6, metrics.calls(SCORE), metrics.text());
        assertEquals(5, metrics.require("perfagent_agent_sites", Map.of()));

        Lines stderr = app.process().stderr();
        assertEquals(List.of("perf-agent is already running in this JVM; this premain was ignored (detach first to"
                + " restart it)"), stderr.matching(Pattern.compile("already running")), app.process().describe());
        assertEquals(1, stderr.matching(Pattern.compile(" started \\(premain\\)")).size(), app.process().describe());
        assertEquals(1, stderr.matching(Pattern.compile("bound to http://")).size(), app.process().describe());
        app.assertHealthy();
    }

    @Test
    void theHostCannotLoadTheAgentsClassesOnlyTheBootstrapHooks() {
        Path dir = ItEnv.newDir("class-visibility");
        Map<String, String> before = new LinkedHashMap<>();
        before.put("dev.perfagent.agent.AgentRuntime", "not loadable");
        before.put("dev.perfagent.shaded.net.bytebuddy.ByteBuddy", "not loadable");
        // Byte Buddy injects its Nexus into the system class loader unless told not to.
        before.put("dev.perfagent.shaded.net.bytebuddy.dynamic.Nexus", "not loadable");
        before.put("dev.perfagent.shaded.io.micrometer.core.instrument.MeterRegistry", "not loadable");
        before.put("dev.perfagent.bootstrap.Hooks", "not loadable");
        before.put("net.bytebuddy.ByteBuddy", "loadable");
        Map<String, String> attached = new LinkedHashMap<>(before);
        attached.put("dev.perfagent.bootstrap.Hooks", "loadable");

        JvmCommand command = JvmCommand.create().attachable().jar(ItEnv.conflictJar());
        before.keySet().forEach(name -> command.args("--probe-class", name));
        ManagedProcess app = processes.start("conflict-app", command, dir);
        Lines out = app.stdout();
        out.await(Pattern.compile("^conflict-app ready$"), WAIT);
        assertEquals(before, probes(out, 0), app.describe());

        AgentCli.Attached agent = AgentCli.attach(app.pid(), TestFiles.write(dir, "conflict.yaml", CONFLICT_CONFIG));
        assertEquals(1, agent.methods());
        // The first full round of probes that started after the attach returned.
        int from = out.awaitIndex(CHECKS_PASSED, WAIT, out.size()) + 1;
        out.awaitIndex(CHECKS_PASSED, WAIT, from);
        assertEquals(attached, probes(out, from), app.describe());
        assertTrue(app.isAlive());
        assertEquals(List.of(), out.matching(Pattern.compile("FAILED")), app.describe());
    }

    /** Which agent goes first on the command line. */
    enum Order { PERF_AGENT_FIRST, OTEL_FIRST }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Order.class)
    void hostLibrariesAndTheOpenTelemetryAgentWorkBesidePerfAgent(Order order) {
        Path dir = ItEnv.newDir("conflict-" + order);
        Path config = TestFiles.write(dir, "conflict.yaml", CONFLICT_CONFIG);
        JvmCommand command = JvmCommand.create();
        if (order == Order.PERF_AGENT_FIRST) {
            command.perfAgent(config).javaagent(ItEnv.otelJar(), null);
        } else {
            command.javaagent(ItEnv.otelJar(), null).perfAgent(config);
        }
        command.systemProperty("otel.traces.exporter", "none")
                .systemProperty("otel.metrics.exporter", "none")
                .systemProperty("otel.logs.exporter", "none")
                .jar(ItEnv.conflictJar());
        ManagedProcess app = processes.start("conflict-app", command, dir);

        // Both agents really run.
        app.awaitStderr("opentelemetry-javaagent - version: ", WAIT);
        int port = Integer.parseInt(app.awaitStderr(InferenceApp.AGENT_PORT_LINE, WAIT).group(1));
        app.awaitStderr("INFO started \\(premain\\) for service 'conflict-app' with 1 rule\\(s\\)", WAIT);

        // The host's own Byte Buddy, Caffeine and Micrometer work, round after round.
        app.awaitStdout("^conflict-app: bytebuddy ok 1\\.14\\.12$", WAIT);
        app.awaitStdout("^conflict-app: caffeine ok$", WAIT);
        app.awaitStdout("^conflict-app: micrometer ok$", WAIT);
        app.awaitStdout("^conflict-app ready$", WAIT);
        app.awaitStdout("^conflict-app: checks passed 20$", WAIT);

        String metricsUrl = "http://127.0.0.1:" + port + "/metrics";
        double first = Poll.until("calls of " + WORK, WAIT, () -> PromText.scrape(metricsUrl).calls(WORK), n -> n > 0);
        app.awaitStdout("^conflict-app: checks passed 40$", WAIT);
        double later = Poll.until("more calls of " + WORK, WAIT, () -> PromText.scrape(metricsUrl).calls(WORK),
                n -> n > first);
        assertTrue(later > first);
        PromText metrics = PromText.scrape(metricsUrl);
        assertEquals(1, metrics.require("perfagent_agent_sites", Map.of()), metrics.text());
        assertEquals(0, metrics.require("perfagent_agent_faults_total", Map.of()), metrics.text());

        assertTrue(app.isAlive(), app.describe());
        assertEquals(List.of(), app.stdout().matching(Pattern.compile("FAILED")), app.describe());
        assertEquals(List.of(), app.stderr().matching(Pattern.compile("^\\[perf-agent\\] \\S+ (ERROR|WARN) ")),
                app.describe());
    }

    /**
     * perf-agent starts in the background ({@code perf-agent-start}) while the next agent's premain runs
     * on {@code main}. Both define classes, and each class definition runs every registered transformer:
     * perf-agent's transformer loads its own (Byte Buddy) classes lazily, and the OpenTelemetry agent's
     * transformer loads through the OpenTelemetry class loader. Seen on JDK 25: "perf-agent-start" holds
     * the lock of a class it is defining in its AgentClassLoader and waits for the OpenTelemetry loader's
     * lock inside the OpenTelemetry transformer, while "main" holds that lock and waits, inside
     * perf-agent's transformer, for the same perf-agent class: a Java-level deadlock, and the application's
     * main never runs. It is a race (seen in about 1 start in 20 with four JVMs starting at once on 2 busy
     * cores, never on JDK 17 so far), too rare to catch in every run of the suite: this stress test starts
     * batches of four JVMs for {@code it.stress.seconds} (default 60) and fails with the JVM's own deadlock
     * report. Opt in with {@code -Dit.stress=true}. (The two ordinary tests above catch it now and then too;
     * a failing test prints the thread dump of every JVM still running.)
     */
    @Test
    @EnabledIfSystemProperty(named = "it.stress", matches = "true")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void perfAgentBeforeTheOpenTelemetryAgentNeverDeadlocksAtStartUp() {
        Path dir = ItEnv.newDir("otel-startup-race");
        Path config = TestFiles.write(dir, "conflict.yaml", CONFLICT_CONFIG);
        long seconds = Long.getLong("it.stress.seconds", 60);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        int started = 0;
        do {
            List<ManagedProcess> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(processes.start("conflict-app-" + (++started), JvmCommand.create()
                        .perfAgent(config).javaagent(ItEnv.otelJar(), null)
                        .systemProperty("otel.traces.exporter", "none")
                        .systemProperty("otel.metrics.exporter", "none")
                        .systemProperty("otel.logs.exporter", "none")
                        .jar(ItEnv.conflictJar()), dir));
            }
            for (ManagedProcess app : batch) {
                awaitReadyOrDeadlock(app);
            }
            batch.forEach(ManagedProcess::close);
        } while (System.nanoTime() < deadline);
    }

    /** Waits for "conflict-app ready"; fails at once, with the deadlock report, if the JVM deadlocked. */
    private static void awaitReadyOrDeadlock(ManagedProcess app) {
        Pattern ready = Pattern.compile("^conflict-app ready$");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                app.stdout().await(ready, Duration.ofSeconds(10));
                return;
            } catch (AssertionError notYet) {
                String threads = app.isAlive() ? Jcmd.run(app.pid(), "Thread.print") : "";
                int found = threads.indexOf("Found one Java-level deadlock");
                if (found >= 0) {
                    throw new AssertionError("the JVM deadlocked at start-up (perf-agent first, then the OpenTelemetry"
                            + " agent):\n" + threads.substring(found) + "\n" + app.describe());
                }
                if (!app.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("conflict-app did not get ready\n" + app.describe() + threads, notYet);
                }
            }
        }
    }

    /** The probe lines from index {@code from} on, up to the first "checks passed" line. */
    private static Map<String, String> probes(Lines out, int from) {
        Map<String, String> result = new LinkedHashMap<>();
        List<String> lines = out.snapshot();
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (CHECKS_PASSED.matcher(line).matches() || line.equals("conflict-app ready")) {
                break;
            }
            Matcher m = PROBE.matcher(line);
            if (m.matches()) {
                result.put(m.group(1), m.group(2));
            }
        }
        return result;
    }
}
