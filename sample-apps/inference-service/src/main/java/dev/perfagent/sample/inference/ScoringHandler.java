package dev.perfagent.sample.inference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /score}: each request thread makes its own single-item {@link ScoringModel#score(float[])}
 * call, the "many threads call the model one at a time" pattern, whichever runtime the model uses.
 *
 * <ul>
 *   <li>{@code POST} with comma-separated floats scores them; an empty body scores a pseudo-random
 *       input derived from a request counter.
 *   <li>{@code GET ?seed=N} scores the pseudo-random input for seed N (no body needed).
 * </ul>
 *
 * The response is the comma-separated outputs. Bad input gets 400 with a message.
 */
public final class ScoringHandler implements HttpHandler {

  /** Larger bodies are refused: a valid default input is a few KiB. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final ScoringModel model;
  private final AtomicLong served;
  private final AtomicLong inputCounter = new AtomicLong();

  /**
   * @param model the model to call
   * @param served incremented once per successfully scored request
   */
  public ScoringHandler(ScoringModel model, AtomicLong served) {
    this.model = model;
    this.served = served;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      float[] input;
      switch (exchange.getRequestMethod()) {
        case "GET":
          input = inputFromQuery(exchange.getRequestURI().getRawQuery());
          break;
        case "POST":
          input = inputFromBody(exchange);
          break;
        default:
          Responses.methodNotAllowed(exchange, "GET, POST");
          return;
      }
      float[] output = model.score(input);
      served.incrementAndGet();
      Responses.text(exchange, 200, FloatCsv.format(output));
    } catch (IllegalArgumentException e) {
      Responses.text(exchange, 400, "bad request: " + e.getMessage() + "\n");
    } catch (RuntimeException e) {
      Responses.text(exchange, 500, "internal error: " + e + "\n");
    } finally {
      exchange.close();
    }
  }

  private float[] inputFromQuery(String rawQuery) {
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.startsWith("seed=")) {
          String value = pair.substring("seed=".length());
          try {
            return SeededInput.generate(Long.parseLong(value), model.inputSize());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be a long integer, got '" + value + "'");
          }
        }
      }
    }
    return SeededInput.generate(inputCounter.getAndIncrement(), model.inputSize());
  }

  private float[] inputFromBody(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return SeededInput.generate(inputCounter.getAndIncrement(), model.inputSize());
    }
    float[] input = FloatCsv.parse(text);
    if (input.length != model.inputSize()) {
      throw new IllegalArgumentException(
          "expected " + model.inputSize() + " comma-separated values, got " + input.length);
    }
    return input;
  }
}
