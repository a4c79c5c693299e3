package dev.perfagent.agent.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code log} section: how much the agent itself says, and where.
 *
 * @param level messages at this level and more severe are written
 * @param file  where to write; empty for stderr
 */
public record LogConfig(Level level, Optional<Path> file) {

    /** Message severities, most severe first. */
    public enum Level { ERROR, WARN, INFO, DEBUG }

    /** Checks the arguments. */
    public LogConfig {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(file, "file");
    }

    /** {@code info} to stderr. */
    public static LogConfig defaults() {
        return new LogConfig(Level.INFO, Optional.empty());
    }
}
