package dev.perfagent.sample.bottlenecks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The {@code slow-socket} bottleneck: {@link #quote(String)} asks the {@link QuoteServer} over a plain
 * blocking {@link Socket} (one connection per call, {@value #READ_TIMEOUT_MILLIS} ms read timeout) and
 * spends nearly all its time in the socket read waiting for the answer.
 */
public final class QuoteClient {
    static final int READ_TIMEOUT_MILLIS = 1000;

    private final int port;

    /** A client of the quote server listening on loopback {@code port}. */
    public QuoteClient(int port) {
        this.port = port;
    }

    /** The price quoted for {@code symbol}; throws a SocketTimeoutException when no answer comes in time. */
    public double quote(String symbol) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("QUOTE " + symbol + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (line == null) {
                throw new IOException("quote server closed the connection without an answer");
            }
            return Double.parseDouble(line);
        }
    }
}
