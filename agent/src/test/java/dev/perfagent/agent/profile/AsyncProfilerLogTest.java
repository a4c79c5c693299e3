package dev.perfagent.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncProfilerLogTest {

    @Test
    void freshGivesEachNewCompleteLineOnce(@TempDir Path dir) throws Exception {
        Path library = dir.resolve("libasyncProfiler-0123456789abcdef.so");
        AsyncProfilerLog log = AsyncProfilerLog.besides(library);
        assertEquals(List.of(), log.fresh(), "no file yet");
        assertEquals("log=" + dir.resolve("async-profiler-" + ProcessHandle.current().pid() + ".log"), log.option());

        append(log.file(), "[WARN] Install JVM debug symbols to improve profile accuracy\n\n");
        assertEquals(List.of("[WARN] Install JVM debug symbols to improve profile accuracy"), log.fresh());
        // The same warning again (every start repeats it) and a line still being written.
        append(log.file(), "[WARN] Install JVM debug symbols to improve profile accuracy\nProfiling sto");
        assertEquals(List.of(), log.fresh());
        append(log.file(), "pped after 2 seconds. No dump options specified\n");
        assertEquals(List.of("Profiling stopped after 2 seconds. No dump options specified"), log.fresh());

        log.delete();
        assertFalse(Files.exists(log.file()));
    }

    @Test
    void aPathWithACommaGetsNoLogSinceAsyncProfilerSplitsOptionsOnCommas(@TempDir Path dir) {
        assertNull(AsyncProfilerLog.besides(dir.resolve("a,b").resolve("libasyncProfiler-x.so")));
        assertThrows(IllegalArgumentException.class, () -> new AsyncProfilerLog(dir.resolve("a,b.log")));
    }

    @Test
    void startingRemovesTheLogsOfProcessesThatAreGoneAndKeepsLiveOnes(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).start();
        child.getInputStream().readAllBytes();
        child.waitFor();
        Path gone = Files.writeString(dir.resolve("async-profiler-" + child.pid() + ".log"), "old\n");
        long livePid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path live = Files.writeString(dir.resolve("async-profiler-" + livePid + ".log"), "theirs\n");
        Path other = Files.writeString(dir.resolve("async-profiler-notes.log"), "not a pid\n");

        AsyncProfilerLog.besides(dir.resolve("libasyncProfiler-0123456789abcdef.so"));

        assertFalse(Files.exists(gone), "the log of an exited process is removed");
        assertTrue(Files.exists(live), "the log of a running process stays");
        assertTrue(Files.exists(other), "a file whose name holds no pid stays");
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
