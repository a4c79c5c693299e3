package dev.perfagent.agent.config;

import java.util.Objects;

/**
 * The {@code export} section: where the agent publishes what it measures.
 *
 * @param http the HTTP server
 */
public record ExportConfig(HttpExportConfig http) {

    /** Checks the arguments. */
    public ExportConfig {
        Objects.requireNonNull(http, "http");
    }

    /** Every exporter at its defaults. */
    public static ExportConfig defaults() {
        return new ExportConfig(HttpExportConfig.defaults());
    }
}
