package dev.perfagent.agent.simulate;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a recorded trace of calls for replay, one {@link TraceRecord} at a time, from CSV (UTF-8):
 *
 * <pre>
 * # checkout service, 2024-05-01 (comments and blank lines are skipped)
 * time,latency,outcome
 * 0.000,12ms,ok
 * 0.004,12.5,error
 * 0.010,2s,java.net.SocketTimeoutException
 * </pre>
 *
 * <ul>
 *   <li>The first line that is neither blank nor a comment ({@code #} first) is the header: the columns
 *       {@code time}, {@code latency} and {@code outcome}, in any order (see {@link TraceHeader}).
 *   <li>{@code time}: when the call started, as seconds from the start of the trace ({@code 12.5}) or as an
 *       ISO-8601 instant with its zone ({@code 2024-05-01T12:00:00.125Z}), which counts from the first row;
 *       one form for the whole file. Rows must be in time order (equal times are fine).
 *   <li>{@code latency}: a duration with its unit ({@code 12ms}, {@code 1.5s}, {@code 250us},
 *       {@code 800ns}) or a plain number of <em>milliseconds</em> ({@code 12.5}).
 *   <li>{@code outcome}: {@code ok} or {@code success}; {@code error} or {@code failure}; or the class name
 *       of the exception the call threw, with its package ({@code java.net.SocketTimeoutException}).
 * </ul>
 *
 * Fields may be wrapped in double quotes and padded with spaces; they never contain commas. Times and
 * latencies are rounded to the nearest nanosecond. Every problem is a {@link TraceFormatException} whose
 * message begins {@code FILE:LINE:}. Not thread-safe.
 */
public final class TraceReader implements Closeable {
    private final BufferedReader in;
    private final String source;
    private final TraceTimes times = new TraceTimes();
    private TraceHeader header;
    private int line;
    private long previousOffset;
    private int previousLine;

    /**
     * @param reader the trace's text
     * @param source the file as the user named it, for messages
     */
    public TraceReader(Reader reader, String source) {
        this.in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A reader of the trace in {@code file}. */
    public static TraceReader open(Path file) throws IOException {
        return new TraceReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Every record of the trace in {@code file}, in order. */
    public static List<TraceRecord> readAll(Path file) throws IOException, TraceFormatException {
        try (TraceReader reader = open(file)) {
            List<TraceRecord> records = new ArrayList<>();
            for (TraceRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
            return records;
        }
    }

    /**
     * The next record, or null at the end of the trace.
     *
     * @throws TraceFormatException if the header or the row is not valid, or the file has no header
     */
    public TraceRecord next() throws IOException, TraceFormatException {
        if (header == null) {
            header = readHeader();
        }
        List<String> fields = nextFields();
        if (fields == null) {
            return null;
        }
        if (fields.size() != header.width()) {
            throw problem("expected " + header.width() + " fields as in the header, got " + fields.size());
        }
        long offset;
        long latency;
        TraceOutcome outcome;
        try {
            offset = times.offsetNanos(fields.get(header.time()));
            if (previousLine > 0 && offset < previousOffset) {
                throw new IllegalArgumentException("time '" + fields.get(header.time()) + "' is earlier than the row"
                        + " before it (line " + previousLine + "); rows must be in time order");
            }
            latency = TraceLatency.parseNanos(fields.get(header.latency()));
            outcome = TraceOutcome.parse(fields.get(header.outcome()));
        } catch (IllegalArgumentException e) {
            // The parsers' messages quote the field and say what was expected; this adds where.
            throw problem(e.getMessage());
        }
        previousOffset = offset;
        previousLine = line;
        return new TraceRecord(offset, latency, outcome);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private TraceHeader readHeader() throws IOException, TraceFormatException {
        List<String> fields = nextFields();
        if (fields == null) {
            throw problem("no header: expected the line " + String.join(",", TraceHeader.COLUMNS));
        }
        try {
            return TraceHeader.parse(fields);
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    /** The fields of the next line that is neither blank nor a comment, or null at the end. */
    private List<String> nextFields() throws IOException {
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line++;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a byte-order mark, as spreadsheets write
            }
            String trimmed = text.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            for (String field : trimmed.split(",", -1)) {
                String value = field.trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).trim();
                }
                fields.add(value);
            }
            return fields;
        }
        return null;
    }

    private TraceFormatException problem(String reason) {
        // An empty file has no line to point at; its first is where the header should be.
        return new TraceFormatException(source, Math.max(line, 1), reason);
    }
}
