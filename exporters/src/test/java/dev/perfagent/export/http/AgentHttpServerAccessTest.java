package dev.perfagent.export.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The token and the method gate of a real server on an ephemeral port, through a real client. */
class AgentHttpServerAccessTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger actionsRun = new AtomicInteger();

  private final Map<String, HttpEndpoint> routes = Map.of(
      "/metrics", request -> HttpResponse.text("perfagent_up 1\n"),
      "/", request -> HttpResponse.html("<p>dashboard</p>"),
      "/dashboard/app.js", request -> HttpResponse.of(200, "text/javascript", "// code"));
  private final Map<String, HttpEndpoint> actions = Map.of("/metrics/reset", request -> {
    actionsRun.incrementAndGet();
    return HttpResponse.text("reset\n");
  });

  private AgentHttpServer start(HttpAccess access) throws Exception {
    return AgentHttpServer.start("127.0.0.1", 0, routes, actions, access);
  }

  private java.net.http.HttpResponse<String> send(AgentHttpServer server, String method,
      String pathAndQuery, String authorization) throws Exception {
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .method(method, BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void withoutATokenReadsAreOpenAndEverythingElseIsRefused() throws Exception {
    try (AgentHttpServer server = start(HttpAccess.open())) {
      assertEquals(200, send(server, "GET", "/metrics", null).statusCode());

      var post = send(server, "POST", "/metrics/reset", null);
      assertEquals(405, post.statusCode());
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
      assertEquals(405, send(server, "DELETE", "/metrics", null).statusCode());
      assertEquals(0, actionsRun.get());
    }
  }

  @Test
  void withATokenARequestWithoutItIsUnauthorized() throws Exception {
    try (AgentHttpServer server = start(HttpAccess.withToken(TOKEN))) {
      for (String authorization : new String[] {null, "Bearer wrong", "Basic " + TOKEN, "Bearer ",
          "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1)}) {
        var response = send(server, "GET", "/metrics", authorization);
        assertEquals(401, response.statusCode(), String.valueOf(authorization));
        assertEquals("Bearer realm=\"perf-agent\"",
            response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertFalse(response.body().contains("perfagent_up"), response.body());
      }
      assertEquals(401, send(server, "GET", "/nowhere", null).statusCode(),
          "unknown paths are hidden too");
      assertEquals(7, server.unauthorized());
    }
  }

  @Test
  void withATokenARequestCarryingItIsServed() throws Exception {
    try (AgentHttpServer server = start(HttpAccess.withToken(TOKEN))) {
      var response = send(server, "GET", "/metrics", "Bearer " + TOKEN);
      assertEquals(200, response.statusCode());
      assertEquals("perfagent_up 1\n", response.body());
      assertEquals(200, send(server, "GET", "/metrics", "bearer  " + TOKEN + " ").statusCode(),
          "the scheme name ignores case");
      assertEquals(200, send(server, "HEAD", "/metrics", "Bearer " + TOKEN).statusCode());
      assertEquals(0, server.unauthorized());
    }
  }

  @Test
  void theDashboardPageTakesTheTokenInItsQueryAndOnlyIt() throws Exception {
    HttpAccess access = HttpAccess.withToken(TOKEN).withOpenPaths(Set.of("/dashboard/app.js"));
    try (AgentHttpServer server = start(access)) {
      assertEquals(200, send(server, "GET", "/?token=" + TOKEN, null).statusCode());
      assertEquals(401, send(server, "GET", "/?token=wrong", null).statusCode());
      assertEquals(401, send(server, "GET", "/", null).statusCode());
      assertEquals(401, send(server, "GET", "/metrics?token=" + TOKEN, null).statusCode(),
          "data endpoints take the token in the header only");
      assertEquals(200, send(server, "GET", "/dashboard/app.js", null).statusCode(),
          "the page's own scripts hold no data and load without the token");
      assertEquals(401, send(server, "POST", "/dashboard/app.js", null).statusCode());
    }
  }

  @Test
  void aPostWithTheTokenIsStillRefusedUnlessActionsAreAllowed() throws Exception {
    try (AgentHttpServer server = start(HttpAccess.withToken(TOKEN))) {
      assertEquals(401, send(server, "POST", "/metrics/reset", null).statusCode());
      assertEquals(405, send(server, "POST", "/metrics/reset", "Bearer " + TOKEN).statusCode());
      assertEquals(0, actionsRun.get());
    }
  }

  @Test
  void withActionsAllowedOnlyAPostCarryingTheTokenReachesAnAction() throws Exception {
    try (AgentHttpServer server = start(HttpAccess.withToken(TOKEN).allowingActions())) {
      assertEquals(401, send(server, "POST", "/metrics/reset", "Bearer wrong").statusCode());
      assertEquals(0, actionsRun.get());

      var done = send(server, "POST", "/metrics/reset", "Bearer " + TOKEN);
      assertEquals(200, done.statusCode());
      assertEquals("reset\n", done.body());
      assertEquals(1, actionsRun.get());

      assertEquals(405, send(server, "POST", "/metrics", "Bearer " + TOKEN).statusCode(),
          "a read-only route takes no POST");
      assertEquals(405, send(server, "PUT", "/metrics/reset", "Bearer " + TOKEN).statusCode());
      assertEquals(404, send(server, "GET", "/metrics/reset", "Bearer " + TOKEN).statusCode());
      assertEquals(1, actionsRun.get());
    }
  }

  @Test
  void actionsNeedATokenAndTheTokenIsNeverPrinted() {
    assertThrows(IllegalArgumentException.class,
        () -> new HttpAccess(Optional.empty(), true, Set.of()));
    assertThrows(IllegalArgumentException.class, () -> HttpAccess.withToken(""));
    String text = HttpAccess.withToken(TOKEN).toString();
    assertFalse(text.contains(TOKEN), text);
    assertTrue(text.contains("token=***"), text);
  }
}
