package dev.perfagent.sample.inference;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP service: the JDK's {@link HttpServer} with a fixed pool of request threads (or a virtual thread per
 * request), serving {@code /score}, {@code /health} and {@code /info} for one {@link ScoringModel}. The server does
 * not own the model: whoever built it closes it, after {@link #close()}.
 */
public final class InferenceServer implements AutoCloseable {

  /**
   * The JDK server writes headers and body in separate packets; with Nagle's algorithm on, the
   * second waits for the client's delayed ACK, adding about 40 ms to every response.
   */
  static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /** How long {@link #close()} waits for running requests: a score takes milliseconds at most. */
  static final long CLOSE_WAIT_SECONDS = 5;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String host;
  private final AtomicLong served = new AtomicLong();

  private InferenceServer(ServerOptions options, ScoringModel model) throws IOException {
    // Read once when the JDK server's config class loads, so it must be set before create();
    // an explicit -D setting wins.
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
    this.host = options.host();
    this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 1024);
    // Virtual threads park and wake in the JVM: a request waiting on a batch costs no kernel wake-up.
    this.executor = options.virtualThreads() ? WorkerThreads.virtualPerTask()
        : Executors.newFixedThreadPool(options.threads(), namedThreads());
    server.setExecutor(executor);
    server.createContext("/score", new ScoringHandler(model, served));
    server.createContext("/health", new HealthHandler());
    server.createContext("/info", new InfoHandler(model, options.threads(), served));
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException if the address cannot be bound
   */
  public static InferenceServer start(ServerOptions options, ScoringModel model) throws IOException {
    InferenceServer instance = new InferenceServer(options, model);
    instance.server.start();
    return instance;
  }

  /** @return the bound port, the real one when 0 was asked for */
  public int port() {
    return server.getAddress().getPort();
  }

  /** @return e.g. {@code http://127.0.0.1:8080} */
  public URI baseUri() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shownHost + ":" + port());
  }

  /** @return how many {@code /score} requests were answered with a result */
  public long requestsServed() {
    return served.get();
  }

  /**
   * Stops accepting, drops open exchanges and stops the request threads, waiting up to {@value
   * #CLOSE_WAIT_SECONDS} s for running requests so that the model can be closed after this returns
   * (a native session must not be freed under a running call).
   */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory namedThreads() {
    AtomicInteger next = new AtomicInteger();
    return task -> new Thread(task, "inference-http-" + next.incrementAndGet());
  }
}
