package dev.perfagent.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Hot reload of the config file: top-level {@code reload: true} and {@code reload-interval: 2s}.
 *
 * @param enabled  whether the agent watches its config file and applies changes while it runs
 * @param interval how often the file is checked (polling works on every file system, bind mounts
 *                 and network shares included, where a WatchService may miss changes)
 */
public record ReloadConfig(boolean enabled, Duration interval) {

    /** The default check interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /** Checks the arguments. */
    public ReloadConfig {
        Objects.requireNonNull(interval, "interval");
    }

    /** Reload off. */
    public static ReloadConfig defaults() {
        return new ReloadConfig(false, DEFAULT_INTERVAL);
    }
}
