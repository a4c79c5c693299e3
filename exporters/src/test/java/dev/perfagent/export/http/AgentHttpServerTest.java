package dev.perfagent.export.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.FakeSiteMetrics;
import dev.perfagent.export.prometheus.PrometheusExport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentHttpServerTest {

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void noPerfAgentThreadOutlivesATest() {
    assertEquals(List.of(), perfAgentThreads());
  }

  private java.net.http.HttpResponse<String> send(AgentHttpServer server, String method,
      String pathAndQuery) throws Exception {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .header("X-Probe", "yes")
        .method(method, BodyPublishers.noBody())
        .build();
    return client.send(request, BodyHandlers.ofString());
  }

  @Test
  void servesMetricsOnAnEphemeralPort() throws Exception {
    try (PrometheusExport export = new PrometheusExport()) {
      export.addSite(new FakeSiteMetrics(0, "r", "a.B#c()").call(5));
      try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0, Map.of(
          "/metrics", request -> HttpResponse.of(200, export.contentType(), export.scrape())))) {
        assertNotEquals(0, server.port());
        assertEquals(server.port(), server.address().getPort());
        assertEquals(InetAddress.getByName("127.0.0.1"), server.address().getAddress());

        var response = send(server, "GET", "/metrics");
        assertEquals(200, response.statusCode());
        assertEquals(PrometheusExport.CONTENT_TYPE,
            response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains(
            "perfagent_method_calls_total{method=\"a.B#c()\",rule=\"r\"} 1.0"), response.body());
      }
    }
  }

  @Test
  void passesQueryAndHeadersAndAnswersHead() throws Exception {
    List<HttpRequest> seen = new CopyOnWriteArrayList<>();
    try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0, Map.of("/status",
        request -> {
          seen.add(request);
          return HttpResponse.json("{\"ok\":true}");
        }))) {
      var get = send(server, "GET", "/status?site=3&name=a%20b&site=4&flag");
      assertEquals(200, get.statusCode());
      assertEquals("{\"ok\":true}", get.body());
      assertEquals("application/json", get.headers().firstValue("Content-Type").orElseThrow());
      HttpRequest request = seen.get(0);
      assertEquals("GET", request.method());
      assertEquals("/status", request.path());
      assertEquals(Map.of("site", "3", "name", "a b", "flag", ""), request.query());
      assertEquals("yes", request.header("x-probe").orElseThrow());

      var head = send(server, "HEAD", "/status");
      assertEquals(200, head.statusCode());
      assertEquals("", head.body());
      assertEquals("11", head.headers().firstValue("Content-Length").orElseThrow());
      assertEquals("HEAD", seen.get(1).method());
    }
  }

  @Test
  void unknownPathIs404AndOtherMethodsAre405() throws Exception {
    try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0,
        Map.of("/metrics", request -> HttpResponse.text("m")))) {
      assertEquals(404, send(server, "GET", "/nope").statusCode());
      assertEquals(404, send(server, "GET", "/metrics/").statusCode());
      var post = send(server, "POST", "/metrics");
      assertEquals(405, post.statusCode());
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
      assertEquals(405, send(server, "DELETE", "/nope").statusCode());
      assertEquals(0, server.failures());
    }
  }

  @Test
  void rootServesAnIndexOfTheRoutes() throws Exception {
    try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0, Map.of(
        "/metrics", request -> HttpResponse.text("m"),
        "/status", request -> HttpResponse.text("s")))) {
      var index = send(server, "GET", "/");
      assertEquals(200, index.statusCode());
      assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      assertTrue(index.body().contains("<a href=\"/metrics\">/metrics</a>"), index.body());
      assertTrue(index.body().contains("<a href=\"/status\">/status</a>"), index.body());
    }
    try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0,
        Map.of("/", request -> HttpResponse.html("dashboard")))) {
      assertEquals("dashboard", send(server, "GET", "/").body());
    }
  }

  @Test
  void failingEndpointsAnswer500AndAreCounted() throws Exception {
    try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0, Map.of(
        "/throws", request -> {
          throw new IllegalStateException("secret detail");
        },
        "/error", request -> {
          throw new AssertionError("an Error too");
        },
        "/null", request -> null,
        "/ok", request -> HttpResponse.text("fine")))) {
      var thrown = send(server, "GET", "/throws");
      assertEquals(500, thrown.statusCode());
      assertEquals("internal error\n", thrown.body());
      assertEquals(500, send(server, "GET", "/error").statusCode());
      assertEquals(500, send(server, "GET", "/null").statusCode());
      assertEquals(3, server.failures());
      assertEquals("fine", send(server, "GET", "/ok").body()); // still serving
    }
  }

  @Test
  void everyServerThreadIsADaemonNamedPerfAgentHttp() throws Exception {
    try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0,
        Map.of("/ok", request -> HttpResponse.text("fine")))) {
      for (int i = 0; i < 4; i++) {
        assertEquals(200, send(server, "GET", "/ok").statusCode());
      }
      List<Thread> threads = server.liveThreads();
      List<String> names = threads.stream().map(Thread::getName).collect(Collectors.toList());
      assertTrue(names.contains("perf-agent-http-dispatcher"), names.toString());
      assertTrue(names.contains("perf-agent-http-worker-1"), names.toString());
      for (Thread t : threads) {
        assertTrue(t.getName().startsWith("perf-agent-http-"), t.getName());
        assertTrue(t.isDaemon(), t.getName() + " is not a daemon");
        assertEquals("perf-agent", t.getThreadGroup().getName(), t.getName());
      }
      assertTrue(threads.stream().filter(t -> t.getName().startsWith("perf-agent-http-worker-"))
          .count() <= 2, names.toString());
      List<String> jdkNamed = Thread.getAllStackTraces().keySet().stream()
          .map(Thread::getName)
          .filter(n -> n.equals("HTTP-Dispatcher") || n.equals("idle-timeout-task"))
          .collect(Collectors.toList());
      assertEquals(List.of(), jdkNamed);
    }
  }

  @Test
  void closeEndsEveryThreadAndFreesThePort() throws Exception {
    AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0,
        Map.of("/ok", request -> HttpResponse.text("fine")));
    int port = server.port();
    assertEquals(200, send(server, "GET", "/ok").statusCode());
    assertFalse(server.liveThreads().isEmpty());

    server.close();

    assertEquals(List.of(), server.liveThreads());
    assertEquals(List.of(), perfAgentThreads());
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", port));
    }
    server.close(); // idempotent
    assertThrows(IOException.class, () -> send(server, "GET", "/ok"));
  }

  @Test
  void portInUseGivesAClearMessageAndLeavesNoThread() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      IOException e = assertThrows(IOException.class,
          () -> AgentHttpServer.start("127.0.0.1", port, Map.of()));
      assertEquals("cannot bind 127.0.0.1:" + port + ": Address already in use", e.getMessage());
    }
    // the @AfterEach check proves no thread was left behind
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class,
        () -> AgentHttpServer.start("127.0.0.1", 70000, Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> AgentHttpServer.start("127.0.0.1", 0, Map.of("metrics", r -> null)));
    IOException e = assertThrows(IOException.class,
        () -> AgentHttpServer.start("no-such-host.invalid", 0, Map.of()));
    assertTrue(e.getMessage().startsWith("cannot bind no-such-host.invalid:0: "), e.getMessage());
  }

  @Test
  void manyStartsAndClosesLeaveNothingBehind() throws Exception {
    ThreadGroup parent = Thread.currentThread().getThreadGroup();
    int groupsBefore = parent.activeGroupCount();
    for (int i = 0; i < 20; i++) {
      try (AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0,
          Map.of("/ok", request -> HttpResponse.text("fine")))) {
        assertEquals(200, send(server, "GET", "/ok").statusCode());
      }
      assertEquals(List.of(), perfAgentThreads());
    }
    if (Runtime.version().feature() < 19) {
      // JDK 17 keeps a thread group in its parent until it is destroyed
      assertEquals(groupsBefore, parent.activeGroupCount(), "perf-agent thread groups pile up");
    }
  }

  /** Live threads named perf-agent-*: {@code close()} must already have ended every one. */
  private static List<String> perfAgentThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("perf-agent") && t.isAlive())
        .map(t -> t.getName() + (t.isDaemon() ? "" : " (non-daemon)"))
        .collect(Collectors.toList());
  }
}
