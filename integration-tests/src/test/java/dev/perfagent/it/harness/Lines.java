package dev.perfagent.it.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The lines one stream of a process has written so far. Thread-safe: a reader thread appends, tests
 * wait for lines with a deadline (woken as each line arrives, no sleeping).
 */
public final class Lines {
    private final String name;
    private final List<String> lines = new ArrayList<>();
    private boolean closed;

    Lines(String name) {
        this.name = name;
    }

    synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** A copy of the lines so far. */
    public synchronized List<String> snapshot() {
        return new ArrayList<>(lines);
    }

    public synchronized int size() {
        return lines.size();
    }

    /** All lines so far, each followed by a newline. */
    public String text() {
        return snapshot().stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    /** Lines so far that match {@code pattern} anywhere (find, not matches). */
    public List<String> matching(Pattern pattern) {
        return snapshot().stream().filter(l -> pattern.matcher(l).find()).collect(Collectors.toList());
    }

    /** Waits for a line that matches {@code pattern} (find) among all lines. */
    public Matcher await(Pattern pattern, Duration timeout) {
        return await(pattern, timeout, 0);
    }

    /**
     * Waits for a line at index {@code from} or later that matches {@code pattern} (find).
     *
     * @return the matcher of the first such line
     * @throws AssertionError with everything written so far when the deadline passes or the stream ends
     */
    public synchronized Matcher await(Pattern pattern, Duration timeout, int from) {
        return matcherAt(awaitIndex(pattern, timeout, from), pattern);
    }

    private Matcher matcherAt(int index, Pattern pattern) {
        Matcher m = pattern.matcher(lines.get(index));
        m.find();
        return m;
    }

    /**
     * Waits for a line at index {@code from} or later that matches {@code pattern} (find).
     *
     * @return the index of the first such line
     * @throws AssertionError with everything written so far when the deadline passes or the stream ends
     */
    public synchronized int awaitIndex(Pattern pattern, Duration timeout, int from) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (true) {
            for (; next < lines.size(); next++) {
                if (pattern.matcher(lines.get(next)).find()) {
                    return next;
                }
            }
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                throw new AssertionError("no line matching /" + pattern + "/ on " + name
                        + (closed ? " before the stream ended" : " within " + timeout) + "; it said:\n" + textOf(lines));
            }
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for /" + pattern + "/ on " + name);
            }
        }
    }

    private static String textOf(List<String> lines) {
        return lines.stream().map(l -> "  | " + l + "\n").collect(Collectors.joining());
    }

    @Override
    public String toString() {
        return name + ":\n" + textOf(snapshot());
    }
}
