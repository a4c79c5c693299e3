package dev.perfagent.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the small files tests hand to the agent and to Prometheus. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Writes {@code text} to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, String text) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * The sample inference-service config with {@code port: 9464} replaced by {@code port: 0}, so that the
     * test never needs a fixed port.
     */
    public static Path sampleConfigOnPort0(Path dir) {
        try {
            String text = Files.readString(ItEnv.sampleConfig(), StandardCharsets.UTF_8);
            String changed = text.replace("port: 9464", "port: 0");
            if (changed.equals(text)) {
                throw new AssertionError("the sample config no longer says 'port: 9464':\n" + text);
            }
            return write(dir, "perf-agent-port0.yaml", changed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of {@code file}, or an empty string while it does not exist. */
    public static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
