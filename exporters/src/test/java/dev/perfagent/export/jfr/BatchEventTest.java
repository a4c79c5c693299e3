package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchEventTest {

  private static final String MLP = "com.example.model.MlpModel#score(float[])";

  @Test
  void recordsEveryFieldAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("batches.jfr");
    List<RecordedEvent> events = RecordedEvents.record(file, BatchEvent.NAME, BatchEvent::enabled, () -> {
      BatchEvent.emit(MLP, 32, 64, 1_500_000, 4_250_000, 0, BatchEvent.outcome(32, 0));
      BatchEvent.emit(MLP, 8, 16, 250_000, 12_000_000, 3, BatchEvent.outcome(8, 3));
      BatchEvent.emit(MLP, 2, 16, 0, 90_000, 2, BatchEvent.outcome(2, 2));
    });
    assertEquals(3, events.size(), events::toString);

    RecordedEvent first = events.get(0);
    assertEquals(MLP, first.getString("method"));
    assertEquals(32, first.getInt("size"));
    assertEquals(64, first.getInt("cap"));
    assertEquals(Duration.ofNanos(1_500_000), first.getDuration("queueWait"));
    assertEquals(Duration.ofNanos(4_250_000), first.getDuration("serviceTime"));
    assertEquals(0, first.getInt("failedItems"));
    assertEquals("ok", first.getString("outcome"));
    assertNull(first.getStackTrace(), "no stack trace");
    assertEquals(Thread.currentThread().getName(), first.getThread().getJavaName());

    RecordedEvent second = events.get(1);
    assertEquals(8, second.getInt("size"));
    assertEquals(16, second.getInt("cap"));
    assertEquals(Duration.ofMillis(12), second.getDuration("serviceTime"));
    assertEquals(3, second.getInt("failedItems"));
    assertEquals("partial", second.getString("outcome"));
    assertEquals("failed", events.get(2).getString("outcome"));
    assertEquals(Duration.ZERO, events.get(2).getDuration("queueWait"));

    EventType type = first.getEventType();
    assertEquals("perf-agent batch", type.getLabel());
    assertEquals(List.of("perf-agent", "Batching"), type.getCategoryNames());
    assertEquals(Timespan.NANOSECONDS, type.getField("queueWait").getAnnotation(Timespan.class)
        .value());
    assertEquals(Timespan.NANOSECONDS, type.getField("serviceTime").getAnnotation(Timespan.class)
        .value());
  }

  @Test
  void withoutARecordingEmitAllocatesNothing() {
    RecordedEvents.assertEmitsAllocateNothingWhileOff(BatchEvent::enabled,
        i -> BatchEvent.emit(MLP, i, 64, i, i, 0, BatchEvent.OK));
  }

  @Test
  void aRecordingThatDisablesTheEventGetsNone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("off.jfr");
    try (Recording recording = new Recording()) {
      recording.disable(BatchEvent.NAME);
      recording.enable("jdk.JavaMonitorWait"); // something else is on
      recording.start();
      assertFalse(BatchEvent.enabled());
      BatchEvent.emit(MLP, 4, 4, 1, 1, 0, BatchEvent.OK);
      recording.stop();
      recording.dump(file);
    }
    assertTrue(RecordingFile.readAllEvents(file).stream()
        .noneMatch(e -> e.getEventType().getName().equals(BatchEvent.NAME)));
  }

  @Test
  void outcomeFromFailures() {
    assertEquals(BatchEvent.OK, BatchEvent.outcome(5, 0));
    assertEquals(BatchEvent.PARTIAL, BatchEvent.outcome(5, 1));
    assertEquals(BatchEvent.PARTIAL, BatchEvent.outcome(5, 4));
    assertEquals(BatchEvent.FAILED, BatchEvent.outcome(5, 5));
    assertEquals(BatchEvent.FAILED, BatchEvent.outcome(1, 1));
  }
}
