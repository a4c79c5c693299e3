package dev.perfagent.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes one test starts. Register with {@code @RegisterExtension}: after each test, pass or
 * fail, every process is ended (last started first); when the test failed, everything each process
 * wrote is printed first, so the report shows what the JVM under test said.
 */
public final class Processes implements AfterEachCallback {
    private final List<ManagedProcess> started = new ArrayList<>();

    /** Starts a JVM with {@code command} in {@code dir}. */
    public ManagedProcess start(String name, JvmCommand command, Path dir) {
        return start(name, command.toList(), dir);
    }

    /** Starts a JVM with {@code command} in {@code dir}, with {@code env} added to its environment. */
    public ManagedProcess start(String name, JvmCommand command, Path dir, Map<String, String> env) {
        return start(name, command.toList(), dir, env);
    }

    /** Starts any command in {@code dir}. */
    public ManagedProcess start(String name, List<String> command, Path dir) {
        return start(name, command, dir, Map.of());
    }

    /** Starts any command in {@code dir}, with {@code env} added to its environment. */
    public synchronized ManagedProcess start(String name, List<String> command, Path dir, Map<String, String> env) {
        ManagedProcess process = ManagedProcess.start(name, command, dir, env);
        started.add(process);
        return process;
    }

    /** Everything the processes wrote so far, for assertion messages. */
    public synchronized String describe() {
        StringBuilder out = new StringBuilder();
        started.forEach(p -> out.append(p.describe()));
        return out.toString();
    }

    /** {@code jcmd PID Thread.print}, or why there is none: a hung JVM under test shows where it hangs. */
    private static String threadDump(long pid) {
        try {
            CommandResult dump = Commands.run(List.of(ItEnv.jcmd().toString(), Long.toString(pid), "Thread.print"),
                    Duration.ofSeconds(30));
            return dump.stdout() + dump.stderr();
        } catch (RuntimeException | AssertionError e) {
            return "(no thread dump: " + e + ")";
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ManagedProcess> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(started);
            started.clear();
        }
        if (context.getExecutionException().isPresent()) {
            System.err.println("=== " + context.getDisplayName() + " failed; output of its processes:");
            toClose.forEach(p -> System.err.println(p.describe()));
            toClose.stream().filter(ManagedProcess::isAlive).filter(ManagedProcess::isJvm)
                    .forEach(p -> System.err.println("--- threads of " + p.name() + " (pid " + p.pid() + "):\n"
                            + threadDump(p.pid())));
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }
}
