package dev.perfagent.sample.resilience;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Calls the price dependency over TCP: one connection per call, 300 ms read timeout. */
public final class PriceClient {
    static final int READ_TIMEOUT_MILLIS = 300;

    private final int port;

    PriceClient(int port) {
        this.port = port;
    }

    /** The price of {@code sku}; throws a SocketTimeoutException when the dependency hangs. */
    public double fetch(String sku) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("PRICE " + sku + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (line == null) {
                throw new IOException("price server closed the connection");
            }
            return Double.parseDouble(line);
        }
    }
}
