package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertTrue(response.body().endsWith(",\"runtime\":\"java\"}"), response.body());
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
    BenchReport report = new LoadGenerator(options).run();
    assertTrue(report.requests() > 0, report.toJson());
    assertEquals(0, report.errors(), report.toJson());
    assertEquals(2, report.clients());
    assertTrue(report.durationSeconds() >= 0.7, report.toJson());
    assertTrue(report.p50Ms() > 0 && report.p50Ms() <= report.p99Ms(), report.toJson());
    assertTrue(report.p99Ms() <= report.p999Ms() && report.p999Ms() <= report.maxMs(), report.toJson());
    // Warm-up requests reached the server but are not in the figures.
    assertTrue(server.requestsServed() - servedBefore >= report.requests());
    assertTrue(
        report.toJson().matches(
            "\\{\"clients\":2,\"duration_s\":[0-9.]+,\"requests\":[0-9]+,\"errors\":0,\"requests_per_sec\":[0-9.]+,"
                + "\"p50_ms\":[0-9.]+,\"p99_ms\":[0-9.]+,\"p999_ms\":[0-9.]+,\"max_ms\":[0-9.]+}"),
        report.toJson());
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
