package dev.perfagent.export.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one {@link HttpHandler} of an {@link AgentHttpServer}: checks the token and the method as its
 * {@link HttpAccess} says, finds the endpoint by exact path, calls it and writes its response. Never
 * throws: endpoint failures become 500 answers and are counted, I/O failures (a client that went
 * away) end the exchange.
 *
 * <p>Order of the checks: the token first (401, for every path and method alike, so a caller without
 * it learns nothing of what is served), then the method: {@code GET} and {@code HEAD} go to the
 * routes, anything else to the actions only when actions are allowed (405 otherwise).
 */
final class RequestRouter implements HttpHandler {

  /** The query parameter that carries the token to the dashboard page. */
  static final String TOKEN_PARAMETER = "token";

  private final Map<String, HttpEndpoint> routes;
  private final Map<String, HttpEndpoint> actions;
  private final HttpAccess access;
  /** The token to check, or null when every request may come in. */
  private final BearerToken token;
  private final HttpResponse index;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong unauthorized = new AtomicLong();

  RequestRouter(Map<String, HttpEndpoint> routes) {
    this(routes, Map.of(), HttpAccess.open());
  }

  RequestRouter(Map<String, HttpEndpoint> routes, Map<String, HttpEndpoint> actions,
      HttpAccess access) {
    this.routes = Map.copyOf(routes);
    this.actions = Map.copyOf(actions);
    this.access = access;
    this.token = access.token().map(BearerToken::new).orElse(null);
    this.index = HttpResponse.html(indexPage(this.routes));
  }

  long unauthorized() {
    return unauthorized.get();
  }

  long failures() {
    return failures.get();
  }

  @Override
  public void handle(HttpExchange exchange) {
    try (exchange) {
      send(exchange, respond(exchange));
    } catch (Throwable e) {
      // the client went away or the server is stopping: nothing left to answer
    }
  }

  private HttpResponse respond(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    URI uri = exchange.getRequestURI();
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    Map<String, String> query = parseQuery(uri.getRawQuery());
    boolean authorized = authorized(exchange, read, path, query);
    if (!authorized && !(read && access.openPaths().contains(path))) {
      unauthorized.incrementAndGet();
      return HttpResponse.unauthorized();
    }
    if (!read) {
      HttpEndpoint action = actions.get(path);
      if (action == null || !"POST".equals(method) || !access.allowActions() || token == null) {
        return HttpResponse.methodNotAllowed();
      }
      return call(action, new HttpRequest(method, path, query, exchange.getRequestHeaders()));
    }
    HttpEndpoint endpoint = routes.get(path);
    if (endpoint == null) {
      return "/".equals(path) ? index : HttpResponse.notFound();
    }
    return call(endpoint, new HttpRequest(method, path, query, exchange.getRequestHeaders()));
  }

  /**
   * Whether the request carries the token (always, when there is none): in the {@code
   * Authorization} header, or for a read of the page at {@code /} in {@code ?token=}.
   */
  private boolean authorized(HttpExchange exchange, boolean read, String path,
      Map<String, String> query) {
    if (token == null) {
      return true;
    }
    List<String> authorizations = exchange.getRequestHeaders().get("Authorization");
    if (authorizations != null) {
      for (String authorization : authorizations) {
        if (token.authorizes(authorization)) {
          return true;
        }
      }
    }
    return read && "/".equals(path) && token.matches(query.get(TOKEN_PARAMETER));
  }

  private HttpResponse call(HttpEndpoint endpoint, HttpRequest request) {
    String path = request.path();
    try {
      HttpResponse response = endpoint.handle(request);
      if (response == null) {
        throw new IllegalStateException("endpoint " + path + " returned no response");
      }
      return response;
    } catch (Throwable e) {
      failures.incrementAndGet();
      return HttpResponse.serverError();
    }
  }

  private static void send(HttpExchange exchange, HttpResponse response) throws Exception {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    if (response.status() == 405) {
      headers.set("Allow", "GET, HEAD");
    }
    if (response.status() == 401) {
      headers.set("WWW-Authenticate", "Bearer realm=\"perf-agent\"");
    }
    response.headers().forEach(headers::set);
    byte[] body = response.body();
    if ("HEAD".equals(exchange.getRequestMethod())) {
      headers.set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Parses {@code a=1&b=x%20y}; of a repeated name the first value wins. */
  static Map<String, String> parseQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s;
    }
  }

  private static String indexPage(Map<String, HttpEndpoint> routes) {
    StringBuilder html = new StringBuilder(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>perf-agent</title></head>"
            + "<body><h1>perf-agent</h1><ul>\n");
    for (String path : new TreeMap<>(routes).keySet()) {
      String escaped = escapeHtml(path);
      html.append("<li><a href=\"").append(escaped).append("\">").append(escaped)
          .append("</a></li>\n");
    }
    return html.append("</ul></body></html>\n").toString();
  }

  private static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '&': out.append("&amp;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }
}
