package dev.perfagent.agent.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * perf-agent's own log: one line per message, prefixed {@code [perf-agent]}, to stderr or a file,
 * never through the host's logging framework. Messages with a key are rate limited per key (one per
 * {@link #RATE_LIMIT_NANOS}), and the next one says how many were suppressed, so a fault on a hot
 * path cannot flood the host's output.
 */
public final class AgentLog implements AutoCloseable {

    /** Severity, most severe first. */
    public enum Level { ERROR, WARN, INFO, DEBUG }

    static final long RATE_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Level threshold;
    private final PrintStream out;
    private final boolean ownsStream;
    private final Map<String, KeyState> perKey = new ConcurrentHashMap<>();

    private AgentLog(Level threshold, PrintStream out, boolean ownsStream) {
        this.threshold = threshold;
        this.out = out;
        this.ownsStream = ownsStream;
    }

    /** A log to standard error. */
    public static AgentLog toStderr(Level threshold) {
        return new AgentLog(threshold, System.err, false);
    }

    /** A log appended to {@code file}; falls back to stderr, saying why, if the file cannot be opened. */
    public static AgentLog toFile(Level threshold, Path file) {
        try {
            OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new AgentLog(threshold, new PrintStream(stream, true, StandardCharsets.UTF_8), true);
        } catch (IOException | RuntimeException e) {
            AgentLog fallback = toStderr(threshold);
            fallback.warn("cannot open log file " + file + " (" + e + "); logging to stderr");
            return fallback;
        }
    }

    /** True when messages of {@code level} are written. */
    public boolean enabled(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    public void error(String message) {
        log(Level.ERROR, message);
    }

    public void warn(String message) {
        log(Level.WARN, message);
    }

    public void info(String message) {
        log(Level.INFO, message);
    }

    public void debug(String message) {
        log(Level.DEBUG, message);
    }

    /** Writes {@code message} unless another message with the same key was written in the last minute. */
    public void rateLimited(Level level, String key, String message) {
        if (!enabled(level)) {
            return;
        }
        KeyState state = perKey.computeIfAbsent(key, k -> new KeyState());
        long now = System.nanoTime();
        long last = state.lastWritten.get();
        if (last != Long.MIN_VALUE && now - last < RATE_LIMIT_NANOS) {
            state.suppressed.incrementAndGet();
            return;
        }
        if (!state.lastWritten.compareAndSet(last, now)) {
            state.suppressed.incrementAndGet();
            return;
        }
        long suppressed = state.suppressed.getAndSet(0);
        log(level, suppressed == 0 ? message : message + " (" + suppressed + " similar messages suppressed)");
    }

    public void log(Level level, String message) {
        if (!enabled(level)) {
            return;
        }
        out.println("[perf-agent] " + Instant.now() + " " + level + " " + message);
    }

    @Override
    public void close() {
        if (ownsStream) {
            out.close();
        }
    }

    private static final class KeyState {
        final AtomicLong lastWritten = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }
}
