package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CircuitBreakerStateEventTest {

  private static final String FETCH = "com.example.FeatureClient#fetch(java.lang.String)";

  @Test
  void recordsEveryFieldAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("breaker.jfr");
    List<RecordedEvent> events = RecordedEvents.record(file, CircuitBreakerStateEvent.NAME,
        CircuitBreakerStateEvent::enabled, () -> {
          CircuitBreakerStateEvent.emit("CLOSED", "OPEN", FETCH, "feature-store", "failure-rate", 62.5,
              12.5, 100);
          CircuitBreakerStateEvent.emit("OPEN", "HALF_OPEN", FETCH, "feature-store", "open-for-elapsed",
              Double.NaN, Double.NaN, 0);
        });
    assertEquals(2, events.size(), events::toString);
    RecordedEvent opened = events.get(0);
    assertEquals("CLOSED", opened.getString("from"));
    assertEquals("OPEN", opened.getString("to"));
    assertEquals(FETCH, opened.getString("method"));
    assertEquals("feature-store", opened.getString("rule"));
    assertEquals("failure-rate", opened.getString("reason"));
    assertEquals(62.5, opened.getDouble("failureRate"));
    assertEquals(12.5, opened.getDouble("slowCallRate"));
    assertEquals(100, opened.getInt("callsInWindow"));
    assertNull(opened.getStackTrace(), "no stack trace");
    assertTrue(Double.isNaN(events.get(1).getDouble("failureRate")));
    assertEquals(List.of("perf-agent", "Circuit Breaker"), opened.getEventType().getCategoryNames());
  }

  @Test
  void withoutARecordingEmitAllocatesNothing() {
    RecordedEvents.assertEmitsAllocateNothingWhileOff(CircuitBreakerStateEvent::enabled,
        i -> CircuitBreakerStateEvent.emit("CLOSED", "OPEN", FETCH, "r", "failure-rate", i, i, i));
  }
}
