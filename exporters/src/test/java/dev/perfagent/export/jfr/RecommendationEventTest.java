package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationEventTest {

  private static final String FETCH = "com.example.FeatureClient#fetch(java.lang.String)";

  @Test
  void recordsEveryFieldAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recommendations.jfr");
    List<RecordedEvent> events = RecordedEvents.record(file, RecommendationEvent.NAME, null, () -> {
      RecommendationEvent.emit("cache-worthy-1a2b", "cache-worthy", "WARNING", FETCH,
          "Cache it: its arguments repeat.", "-60% p99", "hit ratio x mean latency");
      RecommendationEvent.emit("gc-pressure-0", "gc-pressure", "CRITICAL", "GC",
          "Allocate less in the hot path.", "-12% CPU", "GC share x allocation share");
    });
    assertEquals(2, events.size(), events::toString);

    RecordedEvent cache = events.get(0);
    assertEquals("cache-worthy-1a2b", cache.getString("id"));
    assertEquals("cache-worthy", cache.getString("kind"));
    assertEquals("WARNING", cache.getString("severity"));
    assertEquals(FETCH, cache.getString("where"));
    assertEquals("Cache it: its arguments repeat.", cache.getString("action"));
    assertEquals("-60% p99", cache.getString("gain"));
    assertEquals("hit ratio x mean latency", cache.getString("formula"));
    assertNull(cache.getStackTrace(), "no stack trace");

    RecordedEvent gc = events.get(1);
    assertEquals("gc-pressure", gc.getString("kind"));
    assertEquals("CRITICAL", gc.getString("severity"));
    assertEquals("GC", gc.getString("where"));

    EventType type = cache.getEventType();
    assertEquals("perf-agent recommendation", type.getLabel());
    assertEquals(List.of("perf-agent", "Recommendation"), type.getCategoryNames());
  }

  @Test
  void withoutARecordingEmitAllocatesNothing() {
    RecordedEvents.assertEmitsAllocateNothingWhileOff(null,
        i -> RecommendationEvent.emit("id", "hot-method", "INFO", FETCH, "action", "gain", "formula"));
  }
}
