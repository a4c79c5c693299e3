package dev.perfagent.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running process under test (a JVM, Prometheus): its stdout and stderr are read line by line
 * into {@link Lines} by two daemon threads. {@link #close()} ends it and every process it started.
 * Processes still running when the test JVM exits are killed by a shutdown hook.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ManagedProcess::kill), "it-process-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Lines stdout;
    private final Lines stderr;
    private final Thread outReader;
    private final Thread errReader;

    private ManagedProcess(String name, List<String> command, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdout = new Lines(name + " stdout");
        this.stderr = new Lines(name + " stderr");
        this.outReader = pump(process.getInputStream(), stdout, name + "-stdout");
        this.errReader = pump(process.getErrorStream(), stderr, name + "-stderr");
    }

    /**
     * Starts {@code command} in {@code dir} with {@code extraEnv} added to this JVM's environment
     * ({@code JAVA_TOOL_OPTIONS} and {@code PERFAGENT_*} removed so the host machine cannot change a test).
     */
    public static ManagedProcess start(String name, List<String> command, Path dir, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        scrubEnvironment(builder.environment());
        builder.environment().putAll(extraEnv);
        try {
            ManagedProcess started = new ManagedProcess(name, command, builder.start());
            LIVE.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    static void scrubEnvironment(Map<String, String> env) {
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.keySet().removeIf(k -> k.startsWith("PERFAGENT_"));
    }

    private static Thread pump(InputStream in, Lines into, String threadName) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // The process was killed: its pipe closed under us.
            } finally {
                into.close();
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Lines stdout() {
        return stdout;
    }

    public Lines stderr() {
        return stderr;
    }

    /** Whether the command is a {@code java} launcher (so {@code jcmd} can look inside). */
    public boolean isJvm() {
        return command.get(0).endsWith("/java");
    }

    /** Writes one line to the process's standard input (a command for a sample app). */
    public void send(String line) {
        try {
            java.io.OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name + "'s stdin", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for a stdout line matching {@code regex}. */
    public Matcher awaitStdout(String regex, Duration timeout) {
        return awaitLine(stdout, Pattern.compile(regex), timeout);
    }

    /** Waits for a stderr line matching {@code regex}. */
    public Matcher awaitStderr(String regex, Duration timeout) {
        return awaitLine(stderr, Pattern.compile(regex), timeout);
    }

    private Matcher awaitLine(Lines lines, Pattern pattern, Duration timeout) {
        try {
            return lines.await(pattern, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + describe(), e);
        }
    }

    /**
     * Waits for the process to end by itself.
     *
     * @return its exit code
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + timeout + "\n" + describe());
            }
            outReader.join(5_000);
            errReader.join(5_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name);
        }
    }

    /**
     * Asks the process to end (SIGTERM, so a JVM runs its shutdown hooks) and waits for it.
     *
     * @return its exit code
     */
    public int terminate(Duration timeout) {
        // Through the handle: Process.destroy() also closes our ends of its pipes, so what the JVM writes while
        // its shutdown hooks run would be lost.
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    /** The command line and everything it wrote, for failure messages. */
    public String describe() {
        return "--- " + name + " (pid " + pid() + (process.isAlive() ? ", running" : ", exit " + process.exitValue())
                + "): " + String.join(" ", command) + "\n" + stdout + stderr;
    }

    /** Ends the process and its children: politely, then forcibly after 5 seconds. */
    @Override
    public void close() {
        LIVE.remove(this);
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
