package dev.perfagent.agent.config;

import java.util.Objects;

/**
 * The {@code export} section: where the agent publishes what it measures.
 *
 * @param http the HTTP server
 * @param jfr  the JFR recording
 */
public record ExportConfig(HttpExportConfig http, JfrExportConfig jfr) {

    /** Checks the arguments. */
    public ExportConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(jfr, "jfr");
    }

    /** The HTTP server as given, the other exporters at their defaults. */
    public ExportConfig(HttpExportConfig http) {
        this(http, JfrExportConfig.defaults());
    }

    /** Every exporter at its defaults. */
    public static ExportConfig defaults() {
        return new ExportConfig(HttpExportConfig.defaults(), JfrExportConfig.defaults());
    }
}
