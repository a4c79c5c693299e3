package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceServerTest {

  private static final MlpModel MODEL = new MlpModel();
  private static InferenceServer server;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    server = InferenceServer.start(ServerOptions.parse(List.of("--port", "0", "--threads", "4")), MODEL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void withVirtualThreadsEachRequestRunsOnAVirtualThread() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    java.lang.reflect.Method isVirtual = Thread.class.getMethod("isVirtual");
    List<Boolean> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    NoopModel noop = new NoopModel(new int[] {256, 16});
    ScoringModel recording = new ScoringModel() {
      @Override
      public float[] score(float[] input) {
        try {
          seen.add((Boolean) isVirtual.invoke(Thread.currentThread()));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        return noop.score(input);
      }

      @Override
      public float[][] scoreBatch(float[][] inputs) {
        return noop.scoreBatch(inputs);
      }

      @Override
      public int[] layerSizes() {
        return noop.layerSizes();
      }

      @Override
      public int inputSize() {
        return noop.inputSize();
      }

      @Override
      public int outputSize() {
        return noop.outputSize();
      }

      @Override
      public String runtime() {
        return noop.runtime();
      }

      @Override
      public long batchCalls() {
        return 0;
      }

      @Override
      public long batchedItems() {
        return 0;
      }
    };
    try (InferenceServer virtual = InferenceServer.start(
        ServerOptions.parse(List.of("--port", "0", "--virtual-threads")), recording)) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(virtual.baseUri().resolve("/score?seed=3"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
    }
    assertEquals(List.of(true), seen);
  }

  @Test
  void portZeroBindsARealPort() {
    assertTrue(server.port() > 0);
    assertEquals(URI.create("http://127.0.0.1:" + server.port()), server.baseUri());
  }

  @Test
  void healthSaysOk() throws Exception {
    HttpResponse<String> response = get("/health");
    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body());
  }

  @Test
  void getWithSeedScoresTheSeededInput() throws Exception {
    HttpResponse<String> response = get("/score?seed=12345");
    assertEquals(200, response.statusCode());
    float[] expected = MODEL.score(SeededInput.generate(12345, 256));
    assertArrayEquals(expected, FloatCsv.parse(response.body()));
  }

  @Test
  void postWithValuesScoresThem() throws Exception {
    float[] input = SeededInput.generate(77, 256);
    HttpResponse<String> response = post("/score", FloatCsv.format(input));
    assertEquals(200, response.statusCode());
    assertArrayEquals(MODEL.score(input), FloatCsv.parse(response.body()));
  }

  @Test
  void postWithEmptyBodyScoresAGeneratedInput() throws Exception {
    HttpResponse<String> first = post("/score", "");
    HttpResponse<String> second = post("/score", "");
    assertEquals(200, first.statusCode());
    assertEquals(16, FloatCsv.parse(first.body()).length);
    // Consecutive counter values give different inputs.
    assertNotEquals(first.body(), second.body());
  }

  @Test
  void badInputGets400WithAMessage() throws Exception {
    HttpResponse<String> wrongCount = post("/score", "1,2,3");
    assertEquals(400, wrongCount.statusCode());
    assertTrue(wrongCount.body().contains("expected 256"), wrongCount.body());

    HttpResponse<String> garbage = post("/score", "1,abc");
    assertEquals(400, garbage.statusCode());
    assertTrue(garbage.body().contains("not a number"), garbage.body());

    assertEquals(400, get("/score?seed=abc").statusCode());
    // The server still serves after bad requests.
    assertEquals(200, get("/score?seed=1").statusCode());
  }

  @Test
  void wrongMethodGets405() throws Exception {
    HttpRequest delete = HttpRequest.newBuilder(server.baseUri().resolve("/score")).DELETE().build();
    HttpResponse<String> response = HTTP.send(delete, HttpResponse.BodyHandlers.ofString());
    assertEquals(405, response.statusCode());
    assertFalse(response.headers().firstValue("Allow").isEmpty());
  }

  @Test
  void infoReportsLayersAndCount() throws Exception {
    get("/score?seed=3");
    HttpResponse<String> response = get("/info");
    assertEquals(200, response.statusCode());
    assertTrue(response.body().startsWith("{\"layers\":[256,1024,16],\"threads\":4,\"requests_served\":"), response.body());
    assertTrue(server.requestsServed() >= 1);
    assertTrue(response.body().endsWith(",\"runtime\":\"java\",\"device\":\"cpu\"}"), response.body());
    // Single requests never reach scoreBatch.
    assertTrue(response.body().contains(",\"batch_calls\":0,\"batched_items\":0,"), response.body());
  }

  @Test
  void benchAgainstTheServerReportsRequestsAndNoErrors() throws Exception {
    BenchOptions options =
        BenchOptions.parse(
            List.of(
                "--clients", "2",
                "--duration", "700ms",
                "--warmup", "200ms",
                "--target", server.baseUri().resolve("/score").toString()));
    long servedBefore = server.requestsServed();
    LoadReport report = BenchCommand.run(options);
    LoadFigures figures = report.figures();
    String json = report.toJson();
    assertTrue(figures.completed() > 0, json);
    assertEquals(0, figures.errorCount(), json);
    assertEquals(2, report.plan().clients());
    assertTrue(figures.elapsedNanos() >= 700_000_000L, json);
    assertTrue(report.latencyMicros(50) > 0 && report.latencyMicros(50) <= report.latencyMicros(99), json);
    assertTrue(report.latencyMicros(99) <= report.latencyMicros(99.9), json);
    assertTrue(report.latencyMicros(99.9) <= report.latencyMicros(100), json);
    // Warm-up requests reached the server but are not in the figures.
    assertTrue(server.requestsServed() - servedBefore >= figures.completed());
    assertTrue(
        json.matches(
            "\\{\"mode\":\"closed\",\"target\":\"http://127\\.0\\.0\\.1:[0-9]+/score\",\"model\":null,"
                + "\"clients\":2,\"threads\":\"platform\",\"arrival\":\"closed\",\"batch_size\":1,.*\"errors\":0,.*"
                + "\"batch_calls\":null,\"batched_items\":null,\"stuck_workers\":0,\"error_types\":\\{}}"),
        json);
  }

  @Test
  void benchRunsOpenLoopOverHttp() throws Exception {
    BenchOptions options =
        BenchOptions.parse(
            List.of(
                "--clients", "4",
                "--arrival", "poisson:200",
                "--duration", "500ms",
                "--warmup", "0s",
                "--slo", "10s",
                "--target", server.baseUri().resolve("/score").toString()));
    LoadReport report = BenchCommand.run(options);
    LoadFigures figures = report.figures();
    // About 100 requests are due; the seeded schedule makes the count exact but not worth pinning here.
    assertTrue(figures.offered() > 30 && figures.offered() < 300, report.toJson());
    assertEquals(0, figures.errorCount(), report.toJson());
    assertTrue(report.toJson().contains("\"mode\":\"open\""), report.toJson());
    assertTrue(report.toJson().contains("\"arrival\":\"poisson:200\""), report.toJson());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
