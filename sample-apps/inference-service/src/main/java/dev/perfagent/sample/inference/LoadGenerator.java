package dev.perfagent.sample.inference;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code bench} command: a closed-loop load generator. Each of N client threads has its own
 * HTTP/1.1 {@link HttpClient} and sends GET requests back to back, each with a distinct {@code
 * seed}, recording every latency. Requests started during the warm-up are not counted.
 */
public final class LoadGenerator {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final BenchOptions options;

  /** @param options what to run */
  public LoadGenerator(BenchOptions options) {
    this.options = options;
  }

  /**
   * Runs the warm-up and the measured period, then returns the figures.
   *
   * @throws InterruptedException if interrupted while waiting for the clients
   */
  public BenchReport run() throws InterruptedException {
    int n = options.clients();
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Client> clients = new ArrayList<>(n);
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Client client = new Client(i, ready, go);
      clients.add(client);
      Thread thread = new Thread(client, "bench-client-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    // The clock starts only once every client has built its HttpClient (slow the first time).
    ready.await();
    // Phase boundaries are set before the latch opens, which publishes them to the clients.
    long measureStart = System.nanoTime() + options.warmup().toNanos();
    long measureEnd = measureStart + options.duration().toNanos();
    for (Client client : clients) {
      client.measureStart = measureStart;
      client.measureEnd = measureEnd;
    }
    go.countDown();
    try {
      for (Thread thread : threads) {
        thread.join();
      }
    } finally {
      threads.forEach(Thread::interrupt);
    }
    long lastFinish = measureEnd;
    int total = 0;
    long errors = 0;
    for (Client client : clients) {
      lastFinish = Math.max(lastFinish, client.finishedAt);
      total += client.latencies.size();
      errors += client.errors;
    }
    long[] all = new long[total];
    int offset = 0;
    for (Client client : clients) {
      client.latencies.copyTo(all, offset);
      offset += client.latencies.size();
    }
    // The period really lasts until the last in-flight request came back.
    double seconds = (lastFinish - measureStart) / 1e9;
    return BenchReport.of(n, seconds, all, errors);
  }

  /** One closed-loop client: the next request starts when the previous one has completed. */
  private final class Client implements Runnable {
    private final int index;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    private final LatencyLog latencies = new LatencyLog();
    private long measureStart;
    private long measureEnd;
    private long errors;
    private long finishedAt;

    Client(int index, CountDownLatch ready, CountDownLatch go) {
      this.index = index;
      this.ready = ready;
      this.go = go;
    }

    @Override
    public void run() {
      HttpClient http;
      try {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT).build();
      } finally {
        ready.countDown(); // even on failure, so run() never waits for a dead client
      }
      String prefix = options.target() + (options.target().getRawQuery() == null ? "?" : "&") + "seed=";
      // Seeds are distinct across clients: the client index sits above any per-client count.
      long seed = (long) index << 40;
      try {
        go.await();
        while (true) {
          long begin = System.nanoTime();
          if (begin - measureEnd >= 0) {
            break;
          }
          HttpRequest request =
              HttpRequest.newBuilder(URI.create(prefix + seed++)).timeout(REQUEST_TIMEOUT).GET().build();
          boolean ok;
          try {
            ok = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          } catch (IOException e) {
            ok = false;
          }
          long latency = System.nanoTime() - begin;
          if (begin - measureStart >= 0) {
            if (ok) {
              latencies.add(latency);
            } else {
              errors++;
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        finishedAt = System.nanoTime();
      }
    }
  }
}
