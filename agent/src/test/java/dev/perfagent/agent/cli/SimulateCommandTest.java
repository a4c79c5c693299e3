package dev.perfagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PerfAgentCli.run(args, Paths.get("perf-agent.jar"), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path trace() throws IOException {
        StringBuilder csv = new StringBuilder("# a dependency that dies for two seconds\ntime,latency,outcome\n");
        for (int i = 0; i < 400; i++) {
            boolean down = i >= 100 && i < 300;
            csv.append(i / 100.0).append(',').append(down ? "300ms" : "5ms").append(',')
                    .append(down ? "java.net.SocketTimeoutException" : "ok").append('\n');
        }
        return Files.writeString(dir.resolve("trace.csv"), csv);
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("perf-agent.yaml"), "rules:\n"
                + "  - name: deps\n    match: com.example.Client#fetch(..)\n"
                + "    circuit-breaker: { window: 20, minimum-calls: 10, open-for: 1s, half-open-calls: 3 }\n"
                + "  - name: timed\n    match: com.example.Other#run()\n    time: {}\n");
    }

    @Test
    void printsWhatTheBreakerWouldHaveDone() throws IOException {
        assertEquals(0, run("simulate", "--trace", trace().toString(), "--config", config().toString()), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("rule deps: 400 calls replayed\n"), text);
        assertTrue(text.contains("CLOSED -> OPEN"), text);
        assertTrue(text.contains("HALF_OPEN -> CLOSED"), text);
        assertTrue(text.contains("failures avoided"), text);
    }

    @Test
    void jsonHasOneObjectPerRule() throws IOException {
        assertEquals(0, run("simulate", "--trace", trace().toString(), "--config", config().toString(),
                "--format", "json", "--rule", "deps"), err.toString());
        String json = out.toString().trim();
        assertTrue(json.startsWith("{\"rule\":\"deps\",\"notes\":[],\"calls\":400,"), json);
        assertEquals(1, json.lines().count());
    }

    @Test
    void aBadTraceIsOneLineWithFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "time,latency,outcome\n1,5ms,ok\n0.5,5ms,ok\n");
        assertEquals(1, run("simulate", "--trace", bad.toString(), "--config", config().toString()));
        assertTrue(err.toString().startsWith(bad + ":3: "), err.toString());
    }

    @Test
    void aConfigWithNothingToReplaySaysSo() throws IOException {
        Path timed = Files.writeString(dir.resolve("timed.yaml"), "rules:\n  - name: t\n    match: a.B#c()\n    time: {}\n");
        assertEquals(1, run("simulate", "--trace", trace().toString(), "--config", timed.toString()));
        assertTrue(err.toString().contains("no rule has a rate-limit, concurrency-limit or circuit-breaker layer"),
                err.toString());
        assertEquals(2, run("simulate", "--trace", trace().toString(), "--config", timed.toString(), "--format", "xml"));
    }
}
