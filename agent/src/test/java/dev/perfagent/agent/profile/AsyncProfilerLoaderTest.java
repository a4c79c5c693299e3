package dev.perfagent.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncProfilerLoaderTest {

    private final AsyncProfilerLoader loader = new AsyncProfilerLoader(getClass().getClassLoader());

    @Test
    void extractsUnderAContentAddressedNameAndLoads(@TempDir Path dir) throws Exception {
        Path nativeDir = dir.resolve("native");
        AsyncProfilerLoader.Outcome outcome = loader.load(List.of(nativeDir));
        assertTrue(outcome.loaded(), outcome.problem());
        assertTrue(outcome.library().getFileName().toString().matches("libasyncProfiler-[0-9a-f]{16}\\.so"),
                outcome.library().toString());
        assertEquals(nativeDir, outcome.library().getParent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nativeDir)));
        assertNotNull(outcome.profiler().getVersion());
        // No temporary file is left behind, and a second load reuses the same file.
        try (var files = Files.list(nativeDir)) {
            assertEquals(List.of(outcome.library()), files.toList());
        }
        assertEquals(outcome.library(), loader.load(List.of(nativeDir)).library());
    }

    @Test
    void aDirectoryThatIsAFileIsSkippedForTheNext(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        AsyncProfilerLoader.Outcome outcome = loader.load(List.of(file, dir.resolve("fallback")));
        assertTrue(outcome.loaded(), outcome.problem());
        assertEquals(dir.resolve("fallback"), outcome.library().getParent());
    }

    @Test
    void noUsableDirectoryGivesOneLineNamingTheFileAndWhy(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        AsyncProfilerLoader.Outcome outcome = loader.load(List.of(file));
        assertFalse(outcome.loaded());
        assertTrue(outcome.problem().startsWith("async-profiler did not load: " + file + "/libasyncProfiler-"),
                outcome.problem());
        assertTrue(outcome.problem().contains("cannot extract"), outcome.problem());
        assertFalse(outcome.problem().contains("\n"), outcome.problem());
    }

    @Test
    void refusesADirectoryOthersCanWrite(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        AsyncProfilerLoader.Outcome outcome = loader.load(List.of(shared));
        assertFalse(outcome.loaded());
        assertTrue(outcome.problem().contains("writable by other users"), outcome.problem());
    }

    @Test
    void defaultDirectoriesAreTheUsersTmpFolderThenItsCache() {
        List<Path> dirs = AsyncProfilerLoader.defaultDirectories();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "perf-agent-" + System.getProperty("user.name")),
                dirs.get(0));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "perf-agent"), dirs.get(1));
    }
}
