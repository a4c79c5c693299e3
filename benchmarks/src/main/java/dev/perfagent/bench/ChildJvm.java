package dev.perfagent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@code inference-service load} command in a fresh JVM and returns the JSON line it prints,
 * or why there is none. With the agent, any {@code ERROR} line the agent logs (an invalid config
 * leaves it off, a batch rule whose {@code via} does not fit stays off: either way the run would
 * silently measure the unbatched model) stops the run at once and becomes the failure.
 */
final class ChildJvm {

    /** perf-agent's log line: {@code [perf-agent] 2026-11-22T08:23:37.448Z ERROR message}. */
    private static final Pattern AGENT_LOG = Pattern.compile("^\\[perf-agent] \\S+ (ERROR|WARN) (.*)$");
    private static final int STDERR_TAIL_LINES = 30;

    /**
     * What a run gave.
     *
     * @param result the parsed report, or null on failure
     * @param failure why there is no result, or null
     * @param agentWarnings the agent's {@code WARN} lines, worth showing beside the figures
     */
    record Outcome(LoadResult result, String failure, List<String> agentWarnings) {
        static Outcome failed(String failure, List<String> agentWarnings) {
            return new Outcome(null, failure, agentWarnings);
        }
    }

    private ChildJvm() {}

    /**
     * @param command the full command line
     * @param timeout how long the run may take before it is killed
     * @param withAgent whether to watch the agent's log
     */
    static Outcome run(List<String> command, Duration timeout, boolean withAgent)
            throws IOException, InterruptedException {
        Process process = start(command);
        List<String> stdout = new ArrayList<>();
        Deque<String> stderrTail = new ConcurrentLinkedDeque<>();
        List<String> agentErrors = new ArrayList<>();
        List<String> agentWarnings = new ArrayList<>();
        Thread out = pump(process.getInputStream(), line -> {
            synchronized (stdout) {
                stdout.add(line);
            }
        });
        Thread err = pump(process.getErrorStream(), line -> {
            stderrTail.addLast(line);
            if (stderrTail.size() > STDERR_TAIL_LINES) {
                stderrTail.pollFirst();
            }
            Matcher m = AGENT_LOG.matcher(line);
            if (withAgent && m.matches()) {
                synchronized (agentErrors) {
                    (m.group(1).equals("ERROR") ? agentErrors : agentWarnings).add(m.group(2));
                }
                if (m.group(1).equals("ERROR")) {
                    process.destroy(); // the figures would be those of an unbatched model
                }
            }
        });
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        out.join(5_000);
        err.join(5_000);
        List<String> warnings;
        synchronized (agentErrors) {
            warnings = List.copyOf(agentWarnings);
            if (!agentErrors.isEmpty()) {
                return Outcome.failed("perf-agent reported an error, so the run was stopped (with the batch rule"
                        + " off it would measure the unbatched model): " + String.join(" | ", agentErrors), warnings);
            }
        }
        if (!exited) {
            return Outcome.failed("no result within " + timeout.toSeconds() + " s; killed. stderr:\n"
                    + String.join("\n", stderrTail), warnings);
        }
        if (process.exitValue() != 0) {
            return Outcome.failed("exited with status " + process.exitValue() + "; stderr:\n"
                    + String.join("\n", stderrTail), warnings);
        }
        String json;
        synchronized (stdout) {
            json = stdout.stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        }
        if (json == null) {
            return Outcome.failed("printed no JSON line; stdout:\n" + String.join("\n", stdout) + "\nstderr:\n"
                    + String.join("\n", stderrTail), warnings);
        }
        try {
            return new Outcome(LoadResult.parse(json), null, warnings);
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage(), warnings);
        }
    }

    /** Starts {@code command} with an environment from which nothing can add an agent or override a config. */
    static Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS")
                || k.equals("_JAVA_OPTIONS") || k.startsWith("PERFAGENT_"));
        return builder.start();
    }

    /** @return the message of a perf-agent {@code ERROR} line, or null */
    static String agentError(String line) {
        Matcher m = AGENT_LOG.matcher(line);
        return m.matches() && m.group(1).equals("ERROR") ? m.group(2) : null;
    }

    /**
     * Runs a short command to completion and returns its exit status and output (stdout and stderr).
     */
    static CommandOutput runCommand(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread pump = pump(process.getInputStream(), line -> {
            synchronized (output) {
                output.append(line).append('\n');
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        pump.join(5_000);
        synchronized (output) {
            return new CommandOutput(process.exitValue(), output.toString().strip());
        }
    }

    /** @param status exit status; @param output what it printed */
    record CommandOutput(int status, String output) {}

    static Thread pump(InputStream in, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "batching-benchmark-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
