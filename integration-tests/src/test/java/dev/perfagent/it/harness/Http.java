package dev.perfagent.it.harness;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP GETs with {@code java.net.http}. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    /** Status, body and content type of one answer. */
    public record Response(int status, String body, String contentType) {
    }

    /** GET {@code url}; a connection failure is an {@link IOException}. */
    public static Response tryGet(String url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: GET " + url, e);
        }
    }

    /** GET {@code url}, failing the test on a connection error. */
    public static Response get(String url) {
        try {
            return tryGet(url);
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        }
    }

    /** GET {@code url}, failing the test unless it answers 200; returns the body. */
    public static String getOk(String url) {
        Response response = get(url);
        if (response.status() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * Whether nothing listens on {@code 127.0.0.1:port}: a fresh TCP connection is refused. (The JDK client
     * may keep pooled connections; a raw socket sees the port itself.)
     */
    public static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
