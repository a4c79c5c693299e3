package dev.perfagent.export.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.http.HttpRequest;
import dev.perfagent.export.http.HttpResponse;
import dev.perfagent.export.json.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryEndpointTest {

  private static HttpRequest get(Map<String, String> query) {
    return new HttpRequest("GET", "/history", query, Map.of());
  }

  private static StatusHistory history() {
    StatusHistory history = new StatusHistory();
    history.record(StatusHistoryTest.report(StatusHistoryTest.site("a.B#c()", 0, 0, 0, 1)), 1_000);
    history.record(StatusHistoryTest.report(StatusHistoryTest.site("a.B#c()", 10, 0, 0, 2)), 6_000);
    return history;
  }

  @Test
  void servesTheWholeHistoryAsJson() {
    HttpResponse response = new HistoryEndpoint(history(), () -> 42L).handle(get(Map.of()));
    assertEquals(200, response.status());
    assertEquals(HttpResponse.JSON, response.contentType());
    Map<String, Object> json = JsonParser.object(response.bodyText());
    assertEquals(List.of(1_000.0, 6_000.0), json.get("times"));
    assertEquals(42.0, json.get("now"));
    assertEquals(List.of(1.0, 2.0), StatusHistoryTest.series(json, "a.B#c()", "p99Ms"));
  }

  @Test
  void sinceGivesOnlyLaterSamples() {
    HttpResponse response = new HistoryEndpoint(history()).handle(get(Map.of("since", "1000")));
    Map<String, Object> json = JsonParser.object(response.bodyText());
    assertEquals(List.of(6_000.0), json.get("times"));
    assertEquals(List.of(2.0), StatusHistoryTest.series(json, "a.B#c()", "p99Ms"));
    long now = ((Double) json.get("now")).longValue();
    assertTrue(Math.abs(now - System.currentTimeMillis()) < 60_000, "now is the system clock's");
  }

  @Test
  void aSinceThatIsNoNumberIs400() {
    HttpResponse response = new HistoryEndpoint(history()).handle(get(Map.of("since", "yesterday")));
    assertEquals(400, response.status());
    assertTrue(response.bodyText().contains("epoch milliseconds"), response.bodyText());
  }
}
