package dev.perfagent.export.http;

/**
 * Answers requests for one path of the {@link AgentHttpServer}.
 *
 * <p>Called on one of the server's worker threads, possibly concurrently with itself. An exception
 * (or a {@code null} response) is answered with status 500 and counted in {@link
 * AgentHttpServer#failures()}; it never reaches the host.
 */
@FunctionalInterface
public interface HttpEndpoint {

  /**
   * Answers a {@code GET} or {@code HEAD} request (for {@code HEAD} the body is computed and then
   * left out).
   *
   * @param request the request
   * @return the response
   * @throws Exception if the endpoint fails; the client then gets status 500
   */
  HttpResponse handle(HttpRequest request) throws Exception;
}
