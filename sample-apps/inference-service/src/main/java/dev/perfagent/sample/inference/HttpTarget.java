package dev.perfagent.sample.inference;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Load over HTTP: each request is a {@code GET} of the target URL with a distinct {@code seed} query
 * parameter. Each worker has its own HTTP/1.1 {@link HttpClient}, so one connection per worker.
 */
public final class HttpTarget implements LoadTarget {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI target;

  /** @param target URL to GET, e.g. {@code http://127.0.0.1:8080/score} */
  public HttpTarget(URI target) {
    this.target = target;
  }

  @Override
  public Request newRequest(int worker) {
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT).build();
    String prefix = target + (target.getRawQuery() == null ? "?" : "&") + "seed=";
    // Seeds are distinct across workers: the worker index sits above any per-worker count.
    long base = (long) worker << 40;
    return sequence -> {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(prefix + (base + sequence))).timeout(REQUEST_TIMEOUT).GET().build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new HttpStatusException(status);
      }
    };
  }

  /** A response other than 200; counted as an error of this type. */
  static final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    HttpStatusException(int status) {
      super("HTTP " + status);
    }
  }
}
