package dev.perfagent.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the things under test are: the jars and files failsafe passes as system properties, the JDK
 * that runs the tests (whose {@code java} and {@code jcmd} every test uses, so that a JDK 25 run tests
 * JDK 25), and a fresh working folder per test.
 */
public final class ItEnv {
    private static final AtomicInteger NEXT_DIR = new AtomicInteger();

    private ItEnv() {
    }

    /** {@code agent/target/perf-agent.jar}. */
    public static Path agentJar() {
        return existingFile("perfagent.jar");
    }

    /** {@code sample-apps/inference-service/target/inference-service.jar}. */
    public static Path inferenceJar() {
        return existingFile("inference.jar");
    }

    /** {@code sample-apps/conflict-app/target/conflict-app.jar}. */
    public static Path conflictJar() {
        return existingFile("conflict.jar");
    }

    /** {@code sample-apps/resilience-app/target/resilience-app.jar}. */
    public static Path resilienceJar() {
        return existingFile("resilience.jar");
    }

    /** {@code sample-apps/bottlenecks/target/bottlenecks-app.jar}: one known bottleneck per scenario. */
    public static Path bottlenecksJar() {
        return existingFile("bottlenecks.jar");
    }

    /** {@code sample-apps/batch-app/target/batch-app.jar}. */
    public static Path batchJar() {
        return existingFile("batch.jar");
    }

    /** The OpenTelemetry Java agent, copied by the dependency plugin in pre-integration-test. */
    public static Path otelJar() {
        return existingFile("otel.jar");
    }

    /** {@code sample-apps/inference-service/perf-agent.yaml}: 3 rules, 5 sites. */
    public static Path sampleConfig() {
        return existingFile("sample.config");
    }

    /** The JDK running the tests. */
    public static Path javaHome() {
        return Paths.get(System.getProperty("java.home"));
    }

    public static Path java() {
        return javaHome().resolve("bin").resolve("java");
    }

    public static Path jcmd() {
        return javaHome().resolve("bin").resolve("jcmd");
    }

    /** The Java feature version of the JVMs the tests start (the same JDK as the tests'). */
    public static int javaFeature() {
        return Runtime.version().feature();
    }

    /**
     * JVM options a target of runtime attach needs: on JDK 21+ {@code -XX:+EnableDynamicAgentLoading}
     * (else the JVM warns about the agent), nothing before (the flag does not exist on 17).
     */
    public static String[] attachTargetOptions() {
        return javaFeature() >= 21 ? new String[] {"-XX:+EnableDynamicAgentLoading"} : new String[0];
    }

    /** A new, empty folder under {@code work.dir}, named after {@code label}. */
    public static Path newDir(String label) {
        String base = System.getProperty("work.dir");
        Path root = base != null ? Paths.get(base) : Paths.get("target", "it-work");
        Path dir = root.resolve(label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + ProcessHandle.current().pid()
                + "-" + NEXT_DIR.incrementAndGet());
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existingFile(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property '" + property + "' is not set: run the integration"
                    + " tests through Maven (cd integration-tests && mvn -B verify)");
        }
        Path path = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist: build the reactor first"
                    + " (cd .. && mvn -B -q install -DskipTests)");
        }
        return path;
    }
}
