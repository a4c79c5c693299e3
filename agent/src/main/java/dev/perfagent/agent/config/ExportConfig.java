package dev.perfagent.agent.config;

import java.util.Objects;

/**
 * The {@code export} section: where the agent publishes what it measures.
 *
 * @param http the HTTP server
 * @param jfr  the JFR recording
 * @param otlp the OTLP push; off unless the section is given
 */
public record ExportConfig(HttpExportConfig http, JfrExportConfig jfr, OtlpExportConfig otlp) {

    /** Checks the arguments. */
    public ExportConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(jfr, "jfr");
        Objects.requireNonNull(otlp, "otlp");
    }

    /** The HTTP server as given, the other exporters at their defaults (no recording, no OTLP push). */
    public ExportConfig(HttpExportConfig http) {
        this(http, JfrExportConfig.defaults(), OtlpExportConfig.disabled());
    }

    /** Every exporter at its defaults. */
    public static ExportConfig defaults() {
        return new ExportConfig(HttpExportConfig.defaults());
    }
}
