package dev.perfagent.sample.resilience;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The dependency: a loopback TCP server answering {@code PRICE sku} with a price. {@link #down()} makes it
 * a black hole (it accepts and never answers, as a hung service does, so callers wait for their read
 * timeout); {@link #up()} makes it answer again.
 */
final class PriceServer implements AutoCloseable {
    private final ServerSocket server;
    private volatile boolean down;

    PriceServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        Thread acceptor = new Thread(this::accept, "price-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> serve(socket), "price-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null || down) {
                // Hung: hold the connection without answering until the client gives up.
                while (in.read() >= 0) {
                    // discard
                }
                return;
            }
            String sku = line.startsWith("PRICE ") ? line.substring(6) : line;
            out.write((100 + Math.floorMod(sku.hashCode(), 900)) / 10.0 + "\n");
            out.flush();
        } catch (IOException e) {
            // The client went away.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
