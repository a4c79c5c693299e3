package dev.perfagent.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Predicate;

/**
 * CPU time (user + system) of a child process and of some of its threads, read from Linux's
 * {@code /proc/PID/stat} and {@code /proc/PID/task/TID/stat}. A thread is known by its kernel name
 * ({@code comm}): HotSpot sets it from the Java thread name when the thread starts, cut to 15
 * characters ({@code perf-agent-profiler-1} reads {@code perf-agent-prof}). Resolution: one clock tick
 * (10 ms).
 */
final class ProcessCpu {

    /** USER_HZ of /proc/PID/stat: 100 on every mainstream Linux. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU time the whole process has used so far, in milliseconds. */
    static double millis(long pid) throws IOException {
        return ticks(Paths.get("/proc/" + pid + "/stat")) * 1000.0 / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU time the live threads whose kernel name passes {@code name} have used so far, in milliseconds.
     * Threads that have ended no longer count: compare two readings only across a period in which the
     * threads of interest stay alive.
     */
    static double threadMillis(long pid, Predicate<String> name) throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (name.test(comm)) {
                        ticks += ticks(task.resolve("stat"));
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks * 1000.0 / CLOCK_TICKS_PER_SECOND;
    }

    private static long ticks(Path stat) throws IOException {
        String text = Files.readString(stat);
        // The name in parentheses may hold spaces; the fields after it are fixed.
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
    }
}
