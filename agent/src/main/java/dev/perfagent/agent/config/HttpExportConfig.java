package dev.perfagent.agent.config;

import java.util.Objects;

/**
 * The {@code export.http} section: the HTTP server for {@code /metrics}, {@code /status},
 * {@code /recommendations} and the dashboard.
 *
 * @param enabled whether to start the server
 * @param host    address to bind; loopback by default so nothing is exposed unless asked for
 * @param port    0..65535; 0 picks a free port
 */
public record HttpExportConfig(boolean enabled, String host, int port) {

    /** The default bind address. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port (the Prometheus exporter convention for Java agents). */
    public static final int DEFAULT_PORT = 9464;

    /** Checks the arguments. */
    public HttpExportConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Enabled, on 127.0.0.1:9464. */
    public static HttpExportConfig defaults() {
        return new HttpExportConfig(true, DEFAULT_HOST, DEFAULT_PORT);
    }
}
