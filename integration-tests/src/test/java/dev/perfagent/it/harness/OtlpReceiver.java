package dev.perfagent.it.harness;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local OTLP/HTTP metrics receiver, as an OpenTelemetry collector would be: accepts {@code POST
 * /v1/metrics} with a protobuf body, decodes it with the official OTLP classes and keeps it with the
 * request's headers.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One push as received. */
    public record Push(String contentType, Map<String, List<String>> headers, ExportMetricsServiceRequest request) {
        /** The first value of a header, whatever its case; null if absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a receiver on a free loopback port. */
    public static OtlpReceiver start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/v1/metrics", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                receiver.pushes.add(new Push(exchange.getRequestHeaders().getFirst("Content-Type"),
                        Map.copyOf(exchange.getRequestHeaders()), ExportMetricsServiceRequest.parseFrom(body)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        return receiver;
    }

    /** The URL to push to. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics";
    }

    /** Every push received so far, oldest first. */
    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
