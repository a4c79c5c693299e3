package dev.perfagent.sample.inference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code GET /info}: a small JSON object, e.g. {@code {"layers":[256,1024,16],"threads":16,
 * "requests_served":42,"batch_calls":0,"batched_items":0,"runtime":"java","device":"cpu"}}, where
 * runtime is {@code java}, {@code onnxruntime} or {@code noop}, device is {@code cpu} or {@code cuda},
 * and the batch counts are the model's {@code scoreBatch} calls so far, whoever made them (a load
 * driver reads them to see how large batches were).
 */
public final class InfoHandler implements HttpHandler {

  private final String layersJson;
  private final String runtime;
  private final String device;
  private final int threads;
  private final AtomicLong served;
  private final ScoringModel model;

  /**
   * @param model the served model, for its layer sizes and runtime
   * @param threads the number of request threads
   * @param served the count of scored requests
   */
  public InfoHandler(ScoringModel model, int threads, AtomicLong served) {
    this.layersJson =
        Arrays.stream(model.layerSizes()).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    this.runtime = model.runtime();
    this.device = model.device().optionValue();
    this.threads = threads;
    this.served = served;
    this.model = model;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        Responses.methodNotAllowed(exchange, "GET");
        return;
      }
      Responses.json(
          exchange,
          200,
          "{\"layers\":" + layersJson + ",\"threads\":" + threads + ",\"requests_served\":" + served.get()
              + ",\"batch_calls\":" + model.batchCalls() + ",\"batched_items\":" + model.batchedItems()
              + ",\"runtime\":\"" + runtime + "\",\"device\":\"" + device + "\"}");
    } finally {
      exchange.close();
    }
  }
}
