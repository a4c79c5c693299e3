package dev.perfagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfAgentCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PerfAgentCli.run(args, Paths.get("perf-agent.jar"), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpOnEveryCommandExitsZero() {
        for (String[] args : new String[][] {{"--help"}, {"list", "--help"}, {"attach", "--help"}, {"detach", "--help"},
                {"status", "--help"}, {"config", "--help"}, {"config", "validate", "--help"}, {"gpu", "--help"},
                {"gpu", "list", "--help"}}) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(args), String.join(" ", args));
            assertTrue(out.toString().contains("Usage:"), String.join(" ", args) + ": " + out);
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("attach"));
        assertEquals(2, run("config"));
        assertEquals(2, run("gpu"));
        assertEquals(2, run("gpu", "list", "--mode", "opencl"));
    }

    @Test
    void gpuListOffShowsTheCpuWithoutTryingCuda() {
        assertEquals(0, run("gpu", "list", "--mode", "off"));
        String[] lines = out.toString().split("\n");
        assertEquals("accelerator: cpu (gpu.mode is off: the CPU, nothing native loaded)", lines[0]);
        assertTrue(lines[1].startsWith("KIND  INDEX COMPUTE"), lines[1]);
        assertTrue(lines[2].startsWith("cpu   0     -        " + String.format("%5d", Runtime.getRuntime().availableProcessors())),
                lines[2]);
        assertEquals(3, lines.length, out.toString());
    }

    /** On this machine's real drivers: CUDA with its devices, or the CPU with the reason (exit 1 for --mode cuda). */
    @Test
    void gpuListCudaSaysWhatItFound() {
        int code = run("gpu", "list", "--mode", "cuda");
        String first = out.toString().split("\n")[0];
        if (first.startsWith("accelerator: cpu")) {
            assertEquals(1, code, out.toString());
            assertTrue(first.startsWith("accelerator: cpu (no CUDA ("), first);
        } else {
            assertEquals(0, code, out.toString());
            assertTrue(out.toString().contains("\ncuda  0 "), out.toString());
        }
    }

    @Test
    void configValidateReportsProblemsWithExitOne(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "service: s\nrules:\n  - name: r\n    match: a.B#c(..)\n    time: {}\n");
        assertEquals(0, run("config", "validate", good.toString()));
        assertTrue(out.toString().contains("valid"), out.toString());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "service: s\nrules:\n  - name: r\n    match: a.B#c(..)\n    time: { slo-p99: fast }\n");
        assertEquals(1, run("config", "validate", bad.toString()));
        assertTrue(err.toString().contains("bad.yaml:5:"), err.toString());
        assertTrue(err.toString().contains("rules[0].time.slo-p99"), err.toString());
    }

    @Test
    void attachingToNoSuchProcessFailsWithOneLine() {
        assertEquals(1, run("attach", "999999999"));
        assertTrue(err.toString().startsWith("perf-agent: cannot attach to JVM 999999999"), err.toString());
    }
}
