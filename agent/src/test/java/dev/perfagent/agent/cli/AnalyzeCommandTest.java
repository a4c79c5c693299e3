package dev.perfagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.sample.workload.AsyncProfilerWorkload;
import dev.perfagent.sample.workload.RecordedWorkload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code perf-agent analyze} end to end on a recording of a known workload. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeCommandTest {
    private Path dir;
    private Path recording;

    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    void record(@TempDir Path shared) throws Exception {
        dir = shared;
        recording = dir.resolve("workload.jfr");
        RecordedWorkload.record(recording);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return PerfAgentCli.run(args, Paths.get("perf-agent.jar"), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void textNamesTheHotMethodAndTheContendedMonitor() {
        assertEquals(0, run("analyze", recording.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("workload.jfr: window "), text);
        assertTrue(text.contains("hot-method  " + RecordedWorkload.HOT_METHOD), text);
        assertTrue(text.contains("lock-contention  " + RecordedWorkload.MONITOR_CLASS), text);
        assertTrue(text.contains("[95% CI "), text);
        assertTrue(text.contains("Amdahl: speed-up = 1/((1-p)+p/s)"), text);
    }

    @Test
    void jsonHoldsTheRecommendationRecords() {
        assertEquals(0, run("analyze", recording.toString(), "--format", "json"), err.toString());
        String json = out.toString().trim();
        assertEquals(1, json.lines().count());
        assertTrue(json.startsWith("{\"source\":\"workload.jfr\",\"window\":{\"start\":"), json);
        assertTrue(json.contains("\"kind\":\"hot-method\",\"severity\":"), json);
        assertTrue(json.contains("\"where\":\"" + RecordedWorkload.HOT_METHOD + "\""), json);
        assertTrue(json.contains("\"where\":\"" + RecordedWorkload.class.getName() + "#runParkConvoy\""), json);
        assertTrue(json.contains("\"gain\":{\"amount\":"), json);
        assertTrue(json.endsWith("]}"), json);
    }

    @Test
    void htmlIsOneSelfContainedPage() {
        assertEquals(0, run("analyze", recording.toString(), "--format", "html"), err.toString());
        String html = out.toString();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains(RecordedWorkload.HOT_METHOD), html);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("src="), html);
        assertFalse(html.contains("href="), html);
    }

    @Test
    void aFileThatIsNotARecordingIsOneLineAndExitOne() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "this is not a flight recording\n");
        assertEquals(1, run("analyze", text.toString()));
        String message = err.toString().trim();
        assertTrue(message.startsWith("perf-agent: ") || message.startsWith(text.toString()), message);
        assertTrue(message.contains("not a readable JFR recording"), message);
        assertEquals(1, message.lines().count(), message);
        assertEquals("", out.toString());
    }

    @Test
    void aMissingFileIsExitOneAndAWrongFormatIsExitTwo() {
        assertEquals(1, run("analyze", dir.resolve("missing.jfr").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
        assertEquals(2, run("analyze", recording.toString(), "--format", "xml"));
        assertEquals(2, run("analyze"));
    }

    @Test
    void jmcsOwnRulesAreASeparateSection() {
        assertEquals(0, run("analyze", recording.toString(), "--jmc"), err.toString());
        String text = out.toString();
        int ours = text.indexOf("hot-method  " + RecordedWorkload.HOT_METHOD);
        int jmc = text.indexOf("\nJDK Mission Control says");
        assertTrue(ours > 0 && jmc > ours, text);
        assertTrue(text.substring(jmc).contains("Java Blocking"), text.substring(jmc));
        assertEquals(0, run("analyze", recording.toString(), "--jmc", "--format", "json"), err.toString());
        assertTrue(out.toString().contains(",\"jmc\":[{\"rule\":"), out.toString());
    }

    @Test
    void anAsyncProfilerRecordingIsReadWithItsOwnParser() throws Exception {
        Path file = dir.resolve("async-profiler.jfr");
        AsyncProfilerWorkload.Recorded recorded =
                AsyncProfilerWorkload.record(file, dir.resolve("native"), Duration.ofSeconds(2), false);
        assertEquals(0, run("analyze", file.toString(), "--format", "json"), err.toString());
        String json = out.toString().trim();
        assertTrue(json.startsWith("{\"source\":\"async-profiler.jfr\",\"window\":{\"start\":"), json);
        assertTrue(json.contains("\"recordedBy\":{\"producer\":\"async-profiler\",\"version\":\""
                + recorded.version() + "\",\"modes\":[\"" + recorded.event()), json);
        assertTrue(json.contains("\"alloc\",\"lock\"],\"wallClockSamples\":0}"), json);
        assertTrue(json.contains("\"kind\":\"hot-method\",\"severity\":"), json);
        assertTrue(json.contains("\"where\":\"" + AsyncProfilerWorkload.HOT_METHOD + "\""), json);
        assertTrue(json.contains("\"kind\":\"allocation-hot-site\""), json);
        assertTrue(json.contains("\"where\":\"" + AsyncProfilerWorkload.ALLOC_METHOD + "\""), json);
        assertTrue(json.contains("\"where\":\"" + AsyncProfilerWorkload.MONITOR_CLASS + "\""), json);

        assertEquals(0, run("analyze", file.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("async-profiler.jfr: recorded by async-profiler " + recorded.version() + " ("
                + recorded.event()), text);
        assertTrue(text.contains("hot-method  " + AsyncProfilerWorkload.HOT_METHOD), text);
    }

    @Test
    void helpDescribesTheCommand() {
        assertEquals(0, run("analyze", "--help"));
        assertTrue(out.toString().contains("--format"), out.toString());
    }
}
