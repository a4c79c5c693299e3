package dev.perfagent.agent.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code export.http} section: the HTTP server for {@code /metrics}, {@code /status},
 * {@code /recommendations} and the dashboard, and who may use it.
 *
 * <p>{@link #toString()} never shows the token.
 *
 * @param enabled      whether to start the server
 * @param host         address to bind; loopback by default so nothing is exposed unless asked for
 * @param port         0..65535; 0 picks a free port
 * @param token        the bearer token every request must carry, if any
 * @param insecure     serve a non-loopback {@code host} without a token (a warning is logged at start)
 * @param allowActions let requests other than GET and HEAD through (to action endpoints) when they carry
 *                     the token; requires a token
 * @param showValues   let the endpoints show values taken from the host's data, such as a cache's hottest keys
 */
public record HttpExportConfig(boolean enabled, String host, int port, Optional<String> token, boolean insecure,
                               boolean allowActions, boolean showValues) {

    /** The default bind address. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port (the Prometheus exporter convention for Java agents). */
    public static final int DEFAULT_PORT = 9464;

    /** The host names that bind only the local machine; anything else may reach the network. */
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "localhost");

    /** Checks the arguments: a network-reachable server needs a token or {@code insecure}, actions need a token. */
    public HttpExportConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (allowActions && token.isEmpty()) {
            throw new IllegalArgumentException("allow-actions requires a token");
        }
        if (enabled && !isLoopback(host) && token.isEmpty() && !insecure) {
            throw new IllegalArgumentException("host " + host + " is not loopback: a token or insecure is required");
        }
    }

    /** Without a token, read-only, values hidden. */
    public HttpExportConfig(boolean enabled, String host, int port) {
        this(enabled, host, port, Optional.empty(), false, false, false);
    }

    /** Enabled, on 127.0.0.1:9464, no token, read-only, values hidden. */
    public static HttpExportConfig defaults() {
        return new HttpExportConfig(true, DEFAULT_HOST, DEFAULT_PORT);
    }

    /** Whether {@code host} binds only the local machine: {@code 127.0.0.1}, {@code ::1} or {@code localhost}. */
    public static boolean isLoopback(String host) {
        return LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Whether the server is reachable from other machines without a token (what {@code insecure} allows). */
    public boolean openToNetwork() {
        return enabled && !isLoopback(host) && token.isEmpty();
    }

    /** The fields, the token as {@code ***} when set. */
    @Override
    public String toString() {
        return "HttpExportConfig[enabled=" + enabled + ", host=" + host + ", port=" + port + ", token="
                + (token.isPresent() ? "***" : "none") + ", insecure=" + insecure + ", allowActions=" + allowActions
                + ", showValues=" + showValues + "]";
    }
}
