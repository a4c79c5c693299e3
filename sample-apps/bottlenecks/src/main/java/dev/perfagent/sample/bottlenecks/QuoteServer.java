package dev.perfagent.sample.bottlenecks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The slow dependency of {@code slow-socket}: a loopback TCP server on a free port that reads one line
 * {@code QUOTE symbol} per connection and answers {@link #priceOf(String)} after {@code delayMillis}
 * (30 ms in the app), then closes the connection.
 *
 * <p>One thread ({@code quote-server}) accepts and reads requests; answers are written later by a
 * scheduler thread ({@code quote-server-reply}) rather than by a sleeping handler, so the only long wait in
 * the process is the client's socket read, not a server-side sleep a profiler would also report.
 */
final class QuoteServer implements AutoCloseable {
    private final ServerSocket server;
    private final long delayMillis;
    private final ScheduledThreadPoolExecutor replies =
            new ScheduledThreadPoolExecutor(1, new NamedDaemonThreads("quote-server-reply"));

    QuoteServer(long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        Thread acceptor = new Thread(this::accept, "quote-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The price the server quotes for {@code symbol}: a fixed function of it, so tests can check answers. */
    static double priceOf(String symbol) {
        return (100 + Math.floorMod(symbol.hashCode(), 9900)) / 100.0;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                // Clients write their request right after connecting; a bound keeps a silent one from
                // stalling every other connection behind it.
                socket.setSoTimeout(1000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                String symbol = line != null && line.startsWith("QUOTE ") ? line.substring(6) : "";
                replies.schedule(() -> answer(socket, symbol), delayMillis, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
    }

    private static void answer(Socket socket, String symbol) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write((priceOf(symbol) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // The client gave up.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to do.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        replies.shutdownNow();
    }
}
