package dev.perfagent.sample.inference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** {@code GET /health}: answers {@code ok} while the server is up. */
public final class HealthHandler implements HttpHandler {

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if ("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod())) {
        Responses.text(exchange, 200, "ok");
      } else {
        Responses.methodNotAllowed(exchange, "GET");
      }
    } finally {
      exchange.close();
    }
  }
}
