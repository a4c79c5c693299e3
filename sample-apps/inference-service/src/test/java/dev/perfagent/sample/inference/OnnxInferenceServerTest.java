package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service with {@code --model onnx-small}: /score answers from ONNX Runtime. */
class OnnxInferenceServerTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static ScoringModel model;
  private static InferenceServer server;

  @BeforeAll
  static void start() throws Exception {
    ServerOptions options = ServerOptions.parse(List.of("--port", "0", "--threads", "4", "--model", "onnx-small"));
    model = options.model().open(options.layers(), MlpModel.DEFAULT_SEED, options.intraOpThreads());
    server = InferenceServer.start(options, model);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (model != null) {
      model.close();
    }
  }

  @Test
  void scoreIsTheOnnxModelsAndMatchesTheJavaReference() throws Exception {
    HttpResponse<String> response = get("/score?seed=12345");
    assertEquals(200, response.statusCode());
    float[] input = SeededInput.generate(12345, 64);
    float[] body = FloatCsv.parse(response.body());
    assertArrayEquals(model.score(input), body);
    assertArrayEquals(new MlpModel(new int[] {64, 128, 16}, MlpModel.DEFAULT_SEED).score(input), body, 1e-4f);
  }

  @Test
  void wrongInputSizeGets400() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/score"))
        .POST(HttpRequest.BodyPublishers.ofString(FloatCsv.format(new float[256])))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("expected 64"), response.body());
  }

  @Test
  void infoReportsTheOnnxModel() throws Exception {
    HttpResponse<String> response = get("/info");
    assertEquals(200, response.statusCode());
    assertTrue(response.body().startsWith("{\"layers\":[64,128,16],\"threads\":4,"), response.body());
    assertTrue(response.body().endsWith(",\"runtime\":\"onnxruntime\",\"device\":\"cpu\"}"), response.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
