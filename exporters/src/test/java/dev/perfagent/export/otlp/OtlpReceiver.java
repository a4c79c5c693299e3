package dev.perfagent.export.otlp;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A minimal OTLP/HTTP metrics receiver on a free local port: takes {@code POST /v1/metrics}
 * bodies in protobuf, decodes them with the official OTLP classes, and keeps them with their
 * headers. Answers with {@link #status} (200 by default) so a test can make pushes fail.
 */
final class OtlpReceiver implements AutoCloseable {

  /** One push as received. */
  record Push(String contentType, Map<String, List<String>> headers,
      ExportMetricsServiceRequest request) {
  }

  private final HttpServer server;
  private final List<Push> pushes = new CopyOnWriteArrayList<>();
  volatile int status = 200;
  /** When set, each push waits for it to open before it is answered (a push held on the wire). */
  volatile CountDownLatch gate;
  /** Released once per push that reaches the receiver, before it waits at {@link #gate}. */
  final Semaphore arrivals = new Semaphore(0);

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/metrics", exchange -> {
      try (exchange; InputStream body = exchange.getRequestBody()) {
        if (!"POST".equals(exchange.getRequestMethod())) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
        arrivals.release();
        CountDownLatch held = gate;
        if (held != null) {
          try {
            held.await(1, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        int answer = status;
        if (answer == 200) {
          pushes.add(new Push(exchange.getRequestHeaders().getFirst("Content-Type"),
              Map.copyOf(exchange.getRequestHeaders()), request));
        }
        byte[] response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(answer, response.length == 0 ? -1 : response.length);
        if (response.length > 0) {
          exchange.getResponseBody().write(response);
        }
      }
    });
    server.start();
  }

  /** {@return the metrics URL of this receiver} */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics");
  }

  /** {@return every push accepted so far} */
  List<Push> pushes() {
    return List.copyOf(pushes);
  }

  /** {@return the first accepted push that {@code wanted} accepts, waiting up to {@code patience}} */
  Push await(Predicate<Push> wanted, Duration patience) throws InterruptedException {
    return poll(all -> all.stream().filter(wanted).findFirst().orElse(null), "no push as wanted", patience);
  }

  /** {@return the accepted push at {@code index} (0 the first), waiting up to {@code patience}} */
  Push awaitPush(int index, Duration patience) throws InterruptedException {
    return poll(all -> all.size() > index ? all.get(index) : null, "no push number " + (index + 1), patience);
  }

  private Push poll(Function<List<Push>, Push> find, String missing, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Push found = find.apply(pushes());
      if (found != null) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(missing + " within " + patience + "; got " + pushes.size()
            + " push(es)" + (pushes.isEmpty() ? "" : ", the last with metrics "
            + OtlpPushes.names(pushes.get(pushes.size() - 1).request())));
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
