package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.Timespan;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyLimitEventTest {

  private static final String RESERVE = "com.example.Inventory#reserve(java.lang.String)";

  @Test
  void recordsEveryFieldAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("limit.jfr");
    List<RecordedEvent> events = RecordedEvents.record(file, ConcurrencyLimitEvent.NAME,
        ConcurrencyLimitEvent::enabled, () -> {
          ConcurrencyLimitEvent.emit(RESERVE, "inventory", "gradient2", 20, 24, 17, 3_500_000, false);
          ConcurrencyLimitEvent.emit(RESERVE, "inventory", "aimd", 24, 21, 24, 5_000_000_000L, true);
        });
    assertEquals(2, events.size(), events::toString);

    RecordedEvent grew = events.get(0);
    assertEquals(RESERVE, grew.getString("method"));
    assertEquals("inventory", grew.getString("rule"));
    assertEquals("gradient2", grew.getString("algorithm"));
    assertEquals(20, grew.getInt("oldLimit"));
    assertEquals(24, grew.getInt("newLimit"));
    assertEquals(17, grew.getInt("inFlight"));
    assertEquals(Duration.ofNanos(3_500_000), grew.getDuration("rtt"));
    assertFalse(grew.getBoolean("dropped"));
    assertNull(grew.getStackTrace(), "no stack trace");

    RecordedEvent dropped = events.get(1);
    assertEquals("aimd", dropped.getString("algorithm"));
    assertEquals(24, dropped.getInt("oldLimit"));
    assertEquals(21, dropped.getInt("newLimit"));
    assertEquals(Duration.ofSeconds(5), dropped.getDuration("rtt"));
    assertTrue(dropped.getBoolean("dropped"));

    EventType type = grew.getEventType();
    assertEquals("perf-agent concurrency limit change", type.getLabel());
    assertEquals(List.of("perf-agent", "Concurrency Limit"), type.getCategoryNames());
    assertEquals(Timespan.NANOSECONDS, type.getField("rtt").getAnnotation(Timespan.class).value());
  }

  @Test
  void withoutARecordingEmitAllocatesNothing() {
    RecordedEvents.assertEmitsAllocateNothingWhileOff(ConcurrencyLimitEvent::enabled,
        i -> ConcurrencyLimitEvent.emit(RESERVE, "r", "vegas", i, i + 1, i, i, false));
  }
}
