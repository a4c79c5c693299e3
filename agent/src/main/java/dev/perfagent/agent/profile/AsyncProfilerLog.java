package dev.perfagent.agent.profile;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where async-profiler writes its own messages. Without a {@code log=} option every command it runs writes
 * warnings (such as "Install JVM debug symbols") and, at the JVM's exit, "Profiling stopped after N seconds" to
 * the host's standard output, into the application's own output. Each command perf-agent sends names this file
 * instead; {@link #fresh()} reads what was added since the last call, each distinct line once, for the agent's
 * log. One file per process, deleted by {@link #delete()}. Used by the profiling thread only.
 */
final class AsyncProfilerLog {
    static final String PREFIX = "async-profiler-";
    static final String SUFFIX = ".log";
    /** Bytes read per call at most: a runaway log cannot flood the agent's. */
    static final int MAX_READ = 64 * 1024;

    private final Path file;
    private final Set<String> seen = new HashSet<>();
    private long offset;

    /** @param file the log file; its path must hold no comma, which async-profiler's options split on */
    AsyncProfilerLog(Path file) {
        if (file.toString().indexOf(',') >= 0) {
            throw new IllegalArgumentException("async-profiler's log path cannot hold a comma: " + file);
        }
        this.file = file;
    }

    /**
     * The log beside the loaded library, or null where its path would hold a comma.
     *
     * @param library the async-profiler library loaded
     */
    static AsyncProfilerLog besides(Path library) {
        removeStale(library.getParent());
        Path file = library.resolveSibling(PREFIX + ProcessHandle.current().pid() + SUFFIX);
        return file.toString().indexOf(',') >= 0 ? null : new AsyncProfilerLog(file);
    }

    /** The option every command carries: {@code log=FILE}. */
    String option() {
        return "log=" + file;
    }

    /** The lines added since the last call that were not read before, without blanks. */
    List<String> fresh() {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < offset) {
                offset = 0;   // truncated: async-profiler reopened it
            }
            int size = (int) Math.min(MAX_READ, length - offset);
            byte[] bytes = new byte[size];
            in.seek(offset);
            in.readFully(bytes);
            int end = size;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;   // a line still being written waits for the next call
            }
            offset += end;
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                String text = line.strip();
                if (!text.isEmpty() && seen.add(text)) {
                    lines.add(text);
                }
            }
        } catch (IOException e) {
            // No file yet: async-profiler had nothing to say.
        }
        return lines;
    }

    /**
     * Deletes the logs of processes that are gone: at the JVM's exit async-profiler writes its last line after
     * the agent's threads have stopped, so each process leaves its file behind for the next to sweep.
     */
    static void removeStale(Path dir) {
        if (dir == null) {
            return;
        }
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path log : logs) {
                String name = log.getFileName().toString();
                String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                if (!digits.matches("[0-9]{1,18}")) {
                    continue;
                }
                long pid = Long.parseLong(digits);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Files.deleteIfExists(log);
            }
        } catch (IOException | RuntimeException e) {
            // A stale log is a few bytes; the next start tries again.
        }
    }

    /** Removes the file. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A file left in the agent's own directory is harmless.
        }
    }

    Path file() {
        return file;
    }
}
