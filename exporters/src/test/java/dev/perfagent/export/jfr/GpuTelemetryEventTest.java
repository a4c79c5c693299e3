package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuTelemetryEventTest {

  @Test
  void recordsEveryFieldAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gpu.jfr");
    List<RecordedEvent> events = RecordedEvents.record(file, GpuTelemetryEvent.NAME,
        GpuTelemetryEvent::enabled, () -> {
          GpuTelemetryEvent.emit("cpu", 0, "Test CPU", 0.25, 0.125, 3_000, 8_000, Double.NaN, Double.NaN, Double.NaN);
        });
    assertEquals(1, events.size(), events::toString);
    RecordedEvent event = events.get(0);
    assertEquals("cpu", event.getString("kind"));
    assertEquals(0, event.getInt("index"));
    assertEquals("Test CPU", event.getString("device"));
    assertEquals(0.25, event.getDouble("utilization"));
    assertEquals(0.125, event.getDouble("processUtilization"));
    assertEquals(3_000, event.getLong("memoryUsed"));
    assertEquals(8_000, event.getLong("memoryTotal"));
    assertTrue(Double.isNaN(event.getDouble("temperature")));
    EventType type = event.getEventType();
    assertEquals(List.of("perf-agent", "Accelerator"), type.getCategoryNames());
  }

  @Test
  void withoutARecordingNothingIsEmitted() {
    assertFalse(GpuTelemetryEvent.enabled());
    GpuTelemetryEvent.emit("cpu", 0, "x", 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void isRegisteredWithTheOtherEvents() {
    assertTrue(PerfAgentEvents.TYPES.contains(GpuTelemetryEvent.class));
  }
}
