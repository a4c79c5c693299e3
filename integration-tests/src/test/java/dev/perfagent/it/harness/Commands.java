package dev.perfagent.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs short commands to completion (the CLI, jcmd, promtool) with a deadline. */
public final class Commands {
    private Commands() {
    }

    /** Runs {@code command}; kills it and fails the test if it is not done within {@code timeout}. */
    public static CommandResult run(List<String> command, Duration timeout) {
        return run(command, timeout, null);
    }

    /** Runs {@code command} with {@code stdin} (may be null) as its standard input. */
    public static CommandResult run(List<String> command, Duration timeout, String stdin) {
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            out = Files.createTempFile("it-cmd", ".out");
            err = Files.createTempFile("it-cmd", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) {
                in = Files.createTempFile("it-cmd", ".in");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            ManagedProcess.scrubEnvironment(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("command did not finish within " + timeout + ": " + String.join(" ", command)
                        + "\n--- stdout:\n" + Files.readString(out) + "--- stderr:\n" + Files.readString(err));
            }
            return new CommandResult(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
            deleteQuietly(in);
        }
    }

    /** The executable {@code name} on the PATH, if any. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The executable {@code name} on the PATH; fails the test (it is a required tool, not an optional one)
     * telling how to install it when it is missing.
     */
    public static Path requireOnPath(String name, String debianPackage) {
        return onPath(name).orElseThrow(() -> new AssertionError("'" + name + "' is not on the PATH ("
                + System.getenv("PATH") + "); this test needs it: apt-get install -y " + debianPackage));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temp file left behind is harmless.
            }
        }
    }
}
