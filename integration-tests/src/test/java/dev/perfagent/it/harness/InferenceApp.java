package dev.perfagent.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The sample inference service under test: started with {@code --port 0}, ready when it prints
 * {@code inference-service listening on http://127.0.0.1:PORT}.
 */
public final class InferenceApp {
    public static final String SCORE = "dev.perfagent.sample.inference.MlpModel#score(float[])";
    public static final String SCORE_BATCH = "dev.perfagent.sample.inference.MlpModel#scoreBatch(float[][])";
    public static final String SCORING_HANDLER =
            "dev.perfagent.sample.inference.ScoringHandler#handle(com.sun.net.httpserver.HttpExchange)";
    public static final String HEALTH_HANDLER =
            "dev.perfagent.sample.inference.HealthHandler#handle(com.sun.net.httpserver.HttpExchange)";
    public static final String INFO_HANDLER =
            "dev.perfagent.sample.inference.InfoHandler#handle(com.sun.net.httpserver.HttpExchange)";

    /** A JVM on a loaded 2-core machine, maybe with an agent, can take a while to start. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** The agent's log line when the config (or an override) says port 0. */
    public static final String AGENT_PORT_LINE =
            "\\[perf-agent\\] \\S+ INFO port 0 in config: HTTP exports bound to http://127\\.0\\.0\\.1:(\\d+)/$";

    private final ManagedProcess process;
    private final int port;

    private InferenceApp(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A command for the service with {@code --port 0}; add options (agent, -D) before starting. */
    public static JvmCommand command() {
        return JvmCommand.create().jar(ItEnv.inferenceJar()).args("--port", "0", "--threads", "4");
    }

    /** Starts {@code command} and waits until the service listens. */
    public static InferenceApp start(Processes processes, String name, JvmCommand command, Path dir) {
        return start(processes, name, command, dir, Map.of());
    }

    /** Starts {@code command} with {@code env} added to its environment and waits until the service listens. */
    public static InferenceApp start(Processes processes, String name, JvmCommand command, Path dir,
                                     Map<String, String> env) {
        ManagedProcess process = processes.start(name, command, dir, env);
        int port = Integer.parseInt(process.awaitStdout(
                "^inference-service listening on http://127\\.0\\.0\\.1:(\\d+)$", START_TIMEOUT).group(1));
        return new InferenceApp(process, port);
    }

    public ManagedProcess process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The agent's HTTP port, from its "port 0 in config" log line. */
    public int awaitAgentPort() {
        return Integer.parseInt(process.awaitStderr(AGENT_PORT_LINE, START_TIMEOUT).group(1));
    }

    /** {@code GET /score?seed=N} for seeds {@code first..first+count-1}, each asserted to be 200 with 16 outputs. */
    public void score(int first, int count) {
        for (int seed = first; seed < first + count; seed++) {
            String body = Http.getOk(url("/score?seed=" + seed)).strip();
            if (body.split(",").length != 16) {
                throw new AssertionError("/score?seed=" + seed + " answered an unexpected body: " + body);
            }
        }
    }

    /** {@code GET /health}, asserted to answer {@code ok}. */
    public void assertHealthy() {
        String body = Http.getOk(url("/health")).strip();
        if (!body.equals("ok")) {
            throw new AssertionError("/health answered '" + body + "'\n" + process.describe());
        }
    }
}
