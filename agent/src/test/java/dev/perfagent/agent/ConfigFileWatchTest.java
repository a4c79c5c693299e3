package dev.perfagent.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileWatchTest {

    @TempDir
    Path dir;

    @Test
    void reportsContentChangesOnlyOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("perf-agent.yaml"), "service: a\n");
        ConfigFileWatch watch = new ConfigFileWatch(file);
        assertFalse(watch.changed());
        Files.writeString(file, "service: b\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertTrue(watch.changed());
        assertFalse(watch.changed());
    }

    @Test
    void theSameBytesRewrittenAreNoChange() throws IOException {
        Path file = Files.writeString(dir.resolve("perf-agent.yaml"), "service: a\n");
        ConfigFileWatch watch = new ConfigFileWatch(file);
        Files.writeString(file, "service: a\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertFalse(watch.changed());
    }

    @Test
    void aMissingFileIsAnErrorAndKeepsTheBaseline() throws IOException {
        Path file = Files.writeString(dir.resolve("perf-agent.yaml"), "service: a\n");
        ConfigFileWatch watch = new ConfigFileWatch(file);
        Files.delete(file);
        assertThrows(NoSuchFileException.class, watch::changed);
        Files.writeString(file, "service: a\n");
        assertFalse(watch.changed());
    }
}
