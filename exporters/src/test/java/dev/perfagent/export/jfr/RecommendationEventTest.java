package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationEventTest {

  private static final String FETCH = "com.example.FeatureClient#fetch(java.lang.String)";

  @Test
  void recordsEveryFieldAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recommendations.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(RecommendationEvent.NAME);
      recording.start();
      RecommendationEvent.emit("cache-worthy-1a2b", "cache-worthy", "WARNING", FETCH,
          "Cache it: its arguments repeat.", "-60% p99", "hit ratio x mean latency");
      RecommendationEvent.emit("gc-pressure-0", "gc-pressure", "CRITICAL", "GC",
          "Allocate less in the hot path.", "-12% CPU", "GC share x allocation share");
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(RecommendationEvent.NAME))
        .collect(Collectors.toList());
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
    assumeTrue(FlightRecorder.getFlightRecorder().getRecordings().isEmpty(),
        "another recording is running in this JVM");
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled());
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 10_000; i++) { // warm up, and load what the measurement itself needs
      RecommendationEvent.emit("id", "hot-method", "INFO", FETCH, "action", "gain", "formula");
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      RecommendationEvent.emit("id", "hot-method", "INFO", FETCH, "action", "gain", "formula");
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // one event object per call would be several MB
    assertTrue(allocated < 64 * 1024, () -> allocated + " bytes for 100000 emits");
  }
}
