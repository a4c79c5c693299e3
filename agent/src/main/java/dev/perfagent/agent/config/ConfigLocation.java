package dev.perfagent.agent.config;

import java.util.Objects;

/**
 * Where a config value came from: a position in a file, or an override that has no position.
 *
 * @param file   the file as the user named it, or an override such as {@code -Dperfagent.service}
 * @param line   1-based line; 0 when the source has no lines (system properties, environment)
 * @param column 1-based column; 0 when the source has no lines
 */
public record ConfigLocation(String file, int line, int column) {

    /** Checks the arguments. */
    public ConfigLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("negative position " + line + ":" + column);
        }
    }

    /** A location without a line and column, e.g. a system property. */
    public static ConfigLocation of(String source) {
        return new ConfigLocation(source, 0, 0);
    }

    /** Whether this location points into a file (it has a line and column). */
    public boolean hasPosition() {
        return line > 0;
    }

    /** {@code file:line:column}, or just the source when it has no position. */
    @Override
    public String toString() {
        return hasPosition() ? file + ":" + line + ":" + column : file;
    }
}
