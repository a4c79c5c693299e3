package dev.perfagent.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code export.jfr} section: a continuous JFR recording named {@code perf-agent} that holds the
 * JDK's events (from the chosen settings) and the agent's own ({@code perf-agent} category).
 *
 * @param enabled    whether the agent starts the recording
 * @param settings   the JDK's predefined configuration the JDK events are taken from
 * @param maxAge     the oldest data the recording keeps
 * @param maxSize    the most bytes the recording keeps on disk
 * @param dumpOnExit where the JVM writes the recording when it exits (or the agent detaches); empty for nowhere
 */
public record JfrExportConfig(boolean enabled, Settings settings, Duration maxAge, long maxSize,
                              Optional<Path> dumpOnExit) {

    /** The JDK's predefined JFR configurations ({@code $JAVA_HOME/lib/jfr/*.jfc}). */
    public enum Settings {
        /** {@code default.jfc}: about 1% overhead, meant to run always. */
        DEFAULT,
        /** {@code profile.jfc}: more detail (more samples, allocation and lock events), about 2% overhead. */
        PROFILE;

        /** The name {@link jdk.jfr.Configuration#getConfiguration(String)} knows it by. */
        public String jfcName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The default {@link #maxAge()}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    /** The default {@link #maxSize()}: 100 MB. */
    public static final long DEFAULT_MAX_SIZE = 100L << 20;

    /** Checks the arguments. */
    public JfrExportConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(dumpOnExit, "dumpOnExit");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max-age must be greater than 0: " + maxAge);
        }
        if (maxSize <= 0) {
            throw new IllegalArgumentException("max-size must be greater than 0: " + maxSize);
        }
    }

    /** Off; when turned on: default settings, the last 10 minutes, at most 100 MB, not written at exit. */
    public static JfrExportConfig defaults() {
        return new JfrExportConfig(false, Settings.DEFAULT, DEFAULT_MAX_AGE, DEFAULT_MAX_SIZE, Optional.empty());
    }
}
