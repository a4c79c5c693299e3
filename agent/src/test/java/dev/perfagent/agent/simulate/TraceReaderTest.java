package dev.perfagent.agent.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {
    private static final long MS = 1_000_000L;

    private static List<TraceRecord> read(String csv) throws IOException, TraceFormatException {
        try (TraceReader reader = new TraceReader(new StringReader(csv), "trace.csv")) {
            List<TraceRecord> records = new ArrayList<>();
            for (TraceRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
            return records;
        }
    }

    private static String problem(String csv) {
        return assertThrows(TraceFormatException.class, () -> read(csv)).getMessage();
    }

    @Test
    void readsSecondsFromTheStartWithEveryKindOfOutcome() throws Exception {
        assertEquals(List.of(
                        new TraceRecord(0, 12 * MS, TraceOutcome.SUCCESS),
                        new TraceRecord(4 * MS, 12_500_000, TraceOutcome.FAILURE),
                        new TraceRecord(4 * MS, 2_000 * MS, TraceOutcome.exception("java.net.SocketTimeoutException")),
                        new TraceRecord(1_500 * MS, 250_000, TraceOutcome.SUCCESS),
                        new TraceRecord(12_000 * MS, 800, TraceOutcome.FAILURE)),
                read("time,latency,outcome\n0.000,12ms,ok\n0.004,12.5,error\n0.004,2s,java.net.SocketTimeoutException\n"
                        + "1.5,250us,success\n12,800ns,failure\n"));
    }

    @Test
    void isoInstantsCountFromTheFirstRow() throws Exception {
        assertEquals(List.of(
                        new TraceRecord(0, MS, TraceOutcome.SUCCESS),
                        new TraceRecord(125 * MS, MS, TraceOutcome.SUCCESS),
                        new TraceRecord(3_600_000 * MS, MS, TraceOutcome.SUCCESS)),
                read("time,latency,outcome\n2024-05-01T12:00:00Z,1ms,ok\n2024-05-01T12:00:00.125Z,1ms,ok\n"
                        + "2024-05-01T15:00:00+02:00,1ms,ok\n"));
    }

    @Test
    void commentsBlankLinesQuotesSpacesAndColumnOrderAreTolerated() throws Exception {
        assertEquals(List.of(new TraceRecord(1_000 * MS, 3 * MS, TraceOutcome.exception("a.b.TimeoutException")),
                        new TraceRecord(2_000 * MS, 1_500 * MS, TraceOutcome.SUCCESS)),
                read("\uFEFF# recorded 2024-05-01\n\n  # another comment\nOutcome, time ,LATENCY\n"
                        + "\"a.b.TimeoutException\", 1 , \"3ms\"\n\n# between rows\nOK,2,1.5s\n"));
    }

    @Test
    void roundsToTheNearestNanosecond() throws Exception {
        assertEquals(List.of(new TraceRecord(1, 2, TraceOutcome.SUCCESS)),
                read("time,latency,outcome\n0.0000000006,0.0000015,ok\n"));
    }

    @Test
    void aHeaderOnlyTraceIsEmptyAndTheEndStaysTheEnd() throws Exception {
        try (TraceReader reader = new TraceReader(new StringReader("time,latency,outcome\n"), "trace.csv")) {
            assertNull(reader.next());
            assertNull(reader.next());
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                          | trace.csv:1: no header: expected the line time,latency,outcome
            '# only a comment\\n'                                        | trace.csv:1: no header: expected the line time,latency,outcome
            'time,latency\\n'                                            | trace.csv:1: the header has no column 'outcome' (expected time,latency,outcome)
            'time,latency,outcome,host\\n'                               | trace.csv:1: unknown column 'host' in the header (expected time,latency,outcome)
            'time,latency,time\\n'                                       | trace.csv:1: column 'time' appears twice in the header
            'time,latency,outcome\\n0,1ms\\n'                             | trace.csv:2: expected 3 fields as in the header, got 2
            'time,latency,outcome\\n1,1ms,ok\\n0.5,1ms,ok\\n'              | trace.csv:3: time '0.5' is earlier than the row before it (line 2); rows must be in time order
            'time,latency,outcome\\n-1,1ms,ok\\n'                         | trace.csv:2: time '-1' is negative (expected seconds from the start such as 12.5, or an ISO-8601 instant such as 2024-05-01T12:00:00.125Z)
            'time,latency,outcome\\nsoon,1ms,ok\\n'                       | trace.csv:2: invalid time 'soon' (expected seconds from the start such as 12.5, or an ISO-8601 instant such as 2024-05-01T12:00:00.125Z)
            'time,latency,outcome\\n2024-05-01T12:00:00,1ms,ok\\n'        | trace.csv:2: invalid time '2024-05-01T12:00:00' (expected seconds from the start such as 12.5, or an ISO-8601 instant such as 2024-05-01T12:00:00.125Z); an instant needs its zone, e.g. Z or +02:00
            'time,latency,outcome\\n0,1ms,ok\\n2024-05-01T12:00:00Z,1ms,ok\\n' | trace.csv:3: time '2024-05-01T12:00:00Z' is an ISO-8601 instant, but the first row gave seconds from the start; use one form for the whole file
            'time,latency,outcome\\n0,fast,ok\\n'                         | trace.csv:2: latency 'fast' is not a latency (expected a duration such as 12ms, 1.5s, 250us, or a number of milliseconds such as 12.5)
            'time,latency,outcome\\n0,-3ms,ok\\n'                         | trace.csv:2: latency '-3ms' is negative (expected a duration such as 12ms, 1.5s, 250us, or a number of milliseconds such as 12.5)
            'time,latency,outcome\\n0,1ms,fine\\n'                        | trace.csv:2: unknown outcome 'fine' (expected ok, success, error, failure or an exception class name with its package, such as java.io.IOException)
            'time,latency,outcome\\n0,1ms,\\n'                            | trace.csv:2: unknown outcome '' (expected ok, success, error, failure or an exception class name with its package, such as java.io.IOException)
            'time,latency,outcome\\n99999999999,1ms,ok\\n'                | trace.csv:2: time '99999999999' is too large
            """)
    void problemsNameTheFileAndLine(String csv, String message) {
        assertEquals(message, problem(csv.replace("\\n", "\n")));
    }

    @Test
    void readsAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "time,latency,outcome\n0,1,ok\n0.5,2,error\n", StandardCharsets.UTF_8);
        assertEquals(List.of(new TraceRecord(0, MS, TraceOutcome.SUCCESS),
                new TraceRecord(500 * MS, 2 * MS, TraceOutcome.FAILURE)), TraceReader.readAll(good));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "time,latency,outcome\n0,1,ok\n\n0.5,2,nope\n", StandardCharsets.UTF_8);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.readAll(bad));
        assertEquals(bad.toString(), e.source());
        assertEquals(4, e.line());
        assertEquals(bad + ":4: unknown outcome 'nope' (expected ok, success, error, failure or an exception class"
                + " name with its package, such as java.io.IOException)", e.getMessage());
    }

    @Test
    void outcomesPrintAsTheyAreWritten() {
        assertEquals("ok", TraceOutcome.SUCCESS.toString());
        assertEquals("error", TraceOutcome.FAILURE.toString());
        assertEquals("java.io.IOException", TraceOutcome.parse("java.io.IOException").toString());
        assertEquals(TraceOutcome.SUCCESS, TraceOutcome.parse("Success"));
    }
}
