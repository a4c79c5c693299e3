package dev.perfagent.export.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.http.AgentHttpServer;
import dev.perfagent.export.http.HttpRequest;
import dev.perfagent.export.http.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardEndpointTest {

  private final DashboardEndpoint dashboard = DashboardEndpoint.load();

  private HttpResponse get(String path, Map<String, List<String>> headers) {
    return dashboard.handle(new HttpRequest("GET", path, Map.of(), headers));
  }

  private HttpResponse get(String path) {
    return get(path, Map.of());
  }

  @Test
  void routesThePageAtTheRootAndItsFilesUnderDashboard() {
    Map<String, ?> routes = dashboard.routes();
    assertEquals("/", routes.keySet().iterator().next());
    assertTrue(routes.keySet().containsAll(List.of("/dashboard/app.js", "/dashboard/chart.js",
        "/dashboard/style.css", "/dashboard/favicon.png")), routes.keySet().toString());
    routes.values().forEach(endpoint -> assertEquals(dashboard, endpoint));
  }

  @Test
  void servesEachFileWithItsContentType() {
    HttpResponse page = get("/");
    assertEquals(200, page.status());
    assertEquals("text/html; charset=utf-8", page.contentType());
    assertTrue(page.bodyText().contains("<script type=\"module\" src=\"dashboard/app.js\">"),
        page.bodyText());
    assertEquals("text/javascript; charset=utf-8", get("/dashboard/app.js").contentType());
    assertEquals("text/css; charset=utf-8", get("/dashboard/style.css").contentType());
    HttpResponse icon = get("/dashboard/favicon.png");
    assertEquals("image/png", icon.contentType());
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'},
        java.util.Arrays.copyOf(icon.body(), 4));
    assertEquals(404, get("/dashboard/nope.js").status());
  }

  @Test
  void thePageMayLoadNothingFromElsewhere() {
    Map<String, String> headers = get("/").headers();
    String policy = headers.get("Content-Security-Policy");
    assertTrue(policy.startsWith("default-src 'none';"), policy);
    for (String directive : List.of("script-src 'self'", "style-src 'self'", "connect-src 'self'",
        "img-src 'self'", "frame-ancestors 'none'")) {
      assertTrue(policy.contains(directive), directive + " in " + policy);
    }
    assertEquals("DENY", headers.get("X-Frame-Options"));
    assertEquals("no-referrer", headers.get("Referrer-Policy"));
  }

  @Test
  void filesAreRevalidatedByEtagAndAnsweredNotModifiedWhenUnchanged() {
    HttpResponse script = get("/dashboard/chart.js");
    String etag = script.headers().get("ETag");
    assertTrue(etag.matches("\"[0-9a-f]{24}\""), etag);
    assertEquals("no-cache", script.headers().get("Cache-Control"));

    HttpResponse again = get("/dashboard/chart.js", Map.of("If-None-Match", List.of(etag)));
    assertEquals(304, again.status());
    assertEquals(0, again.body().length);
    assertEquals(etag, again.headers().get("ETag"));
    assertEquals(304, get("/dashboard/chart.js",
        Map.of("If-None-Match", List.of("\"other\", W/" + etag))).status());
    assertEquals(200, get("/dashboard/chart.js",
        Map.of("If-None-Match", List.of("\"other\""))).status());
    assertTrue(!etag.equals(get("/dashboard/app.js").headers().get("ETag")),
        "each file has its own tag");
  }

  @Test
  void theServerSendsTheHeadersAndAnswers304OverHttp() throws Exception {
    try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0, dashboard.routes())) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/dashboard/style.css");
      var first = client.send(java.net.http.HttpRequest.newBuilder(uri).build(),
          BodyHandlers.ofString());
      assertEquals(200, first.statusCode());
      assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElseThrow(),
          "the endpoint's header replaces the server's no-store");
      String etag = first.headers().firstValue("ETag").orElseThrow();
      assertTrue(first.body().contains("--bg"), first.body());

      var second = client.send(java.net.http.HttpRequest.newBuilder(uri)
          .header("If-None-Match", etag).build(), BodyHandlers.ofString());
      assertEquals(304, second.statusCode());
      assertEquals("", second.body());

      var page = client.send(java.net.http.HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/")).build(), BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent());
    }
  }
}
