package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CircuitBreakerStateEventTest {

  private static final String FETCH = "com.example.FeatureClient#fetch(java.lang.String)";

  @Test
  void recordsEveryFieldAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("breaker.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(CircuitBreakerStateEvent.NAME);
      recording.start();
      assertTrue(CircuitBreakerStateEvent.enabled());
      CircuitBreakerStateEvent.emit("CLOSED", "OPEN", FETCH, "feature-store", "failure-rate", 62.5,
          12.5, 100);
      CircuitBreakerStateEvent.emit("OPEN", "HALF_OPEN", FETCH, "feature-store", "open-for-elapsed",
          Double.NaN, Double.NaN, 0);
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(CircuitBreakerStateEvent.NAME))
        .collect(Collectors.toList());
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
    assumeTrue(FlightRecorder.getFlightRecorder().getRecordings().isEmpty(),
        "another recording is running in this JVM");
    assertFalse(CircuitBreakerStateEvent.enabled());
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled());
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 10_000; i++) {
      CircuitBreakerStateEvent.emit("CLOSED", "OPEN", FETCH, "r", "failure-rate", i, i, i);
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      CircuitBreakerStateEvent.emit("CLOSED", "OPEN", FETCH, "r", "failure-rate", i, i, i);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertTrue(allocated < 64 * 1024, () -> allocated + " bytes for 100000 emits");
  }
}
