package dev.perfagent.agent.config;

import java.util.Objects;

/**
 * The {@code export} section: where the agent publishes what it measures.
 *
 * @param http the HTTP server
 * @param otlp the OTLP push; off unless the section is given
 */
public record ExportConfig(HttpExportConfig http, OtlpExportConfig otlp) {

    /** Checks the arguments. */
    public ExportConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(otlp, "otlp");
    }

    /** The HTTP server as given, no OTLP push. */
    public ExportConfig(HttpExportConfig http) {
        this(http, OtlpExportConfig.disabled());
    }

    /** Every exporter at its defaults. */
    public static ExportConfig defaults() {
        return new ExportConfig(HttpExportConfig.defaults());
    }
}
