package dev.perfagent.agent.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code report} section: a report of the agent's findings written when the JVM exits.
 *
 * @param onExit where the report is written at exit, its format taken from the extension; empty for no report
 */
public record ReportConfig(Optional<Path> onExit) {

    /** What a report file holds, by its extension. */
    public enum Format {
        /** {@code .html}, {@code .htm}: one self-contained page with flame graphs. */
        HTML,
        /** {@code .md}: recommendations and the heaviest stacks as text. */
        MARKDOWN;

        /** The format a file's extension names (case ignored), or empty for any other extension. */
        public static Optional<Format> of(Path file) {
            Path name = file.getFileName();
            String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
            if (text.endsWith(".html") || text.endsWith(".htm")) {
                return Optional.of(HTML);
            }
            return text.endsWith(".md") ? Optional.of(MARKDOWN) : Optional.empty();
        }
    }

    /** Checks the argument: a file must name a known format (the parser reports it before this). */
    public ReportConfig {
        Objects.requireNonNull(onExit, "onExit");
        onExit.ifPresent(file -> Format.of(file).orElseThrow(
                () -> new IllegalArgumentException("not a .html, .htm or .md file: " + file)));
    }

    /** The format of {@link #onExit()}, when there is a file. */
    public Optional<Format> format() {
        return onExit.flatMap(Format::of);
    }

    /** No report at exit. */
    public static ReportConfig defaults() {
        return new ReportConfig(Optional.empty());
    }
}
