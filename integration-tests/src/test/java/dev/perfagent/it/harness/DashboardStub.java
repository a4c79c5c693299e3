package dev.perfagent.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The dashboard's files as perf-agent.jar ships them, served with {@code /status} and {@code /history}
 * answers a test sets: for showing the page figures the agent cannot produce on demand (a breaker that
 * opens, recommendations, GPU devices). The files' routes and content types mirror the agent's
 * DashboardEndpoint: {@code /} is the page, {@code /dashboard/NAME} its files.
 */
public final class DashboardStub implements AutoCloseable {
    private static final String FILES = "perfagent/dev/perfagent/export/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png");

    private final HttpServer server;
    private final ZipFile jar;
    private final Map<String, String> json = new ConcurrentHashMap<>(Map.of("/profile/cpu", "", "/profile/alloc", "",
            "/recommendations",
            "{\"service\":\"dashboard-stub\",\"state\":\"off\",\"windowStart\":null,\"windowEnd\":null,"
                    + "\"engine\":null,\"cpuSharesApproximate\":false,\"windows\":0,\"recommendations\":[]}"));

    private DashboardStub(HttpServer server, ZipFile jar) {
        this.server = server;
        this.jar = jar;
    }

    /** Serves the dashboard of {@code agentJar} on a free port of 127.0.0.1. */
    public static DashboardStub start(Path agentJar) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ZipFile jar = new ZipFile(agentJar.toFile());
            DashboardStub stub = new DashboardStub(server, jar);
            server.createContext("/", stub::answer);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code GET /status} answers from now on. */
    public void status(String body) {
        json.put("/status", body);
    }

    /** What {@code GET /recommendations} answers from now on (at first: profiling off). */
    public void recommendations(String body) {
        json.put("/recommendations", body);
    }

    /** What {@code GET /profile/<kind>} answers from now on: collapsed stacks (at first: none). */
    public void profile(String kind, String collapsed) {
        json.put("/profile/" + kind, collapsed);
    }

    /** What {@code GET /history} answers from now on (whatever its {@code since}). */
    public void history(String body) {
        json.put("/history", body);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = json.get(path);
            if (body != null) {
                send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = path.equals("/") ? "index.html"
                    : path.startsWith("/dashboard/") ? path.substring("/dashboard/".length()) : null;
            ZipEntry entry = name == null || name.contains("/") ? null : jar.getEntry(FILES + name);
            if (entry == null) {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
                send(exchange, 200, type, in.readAllBytes());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            jar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
