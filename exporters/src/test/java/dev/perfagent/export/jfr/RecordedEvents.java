package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** What the perf-agent event tests share: a recording read back, and the emit site's cost while JFR is off. */
final class RecordedEvents {

  private RecordedEvents() {}

  /**
   * Runs {@code emits} under a recording with event {@code name} enabled and reads that event back.
   *
   * @param file    where the recording is dumped
   * @param enabled the event's own "is it recorded" probe, checked while the recording runs; null for none
   * @return the events named {@code name}, in order
   */
  static List<RecordedEvent> record(Path file, String name, BooleanSupplier enabled, Runnable emits)
      throws IOException {
    try (Recording recording = new Recording()) {
      recording.enable(name);
      recording.start();
      if (enabled != null) {
        assertTrue(enabled.getAsBoolean(), name + " enabled while recorded");
      }
      emits.run();
      recording.stop();
      recording.dump(file);
    }
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(name))
        .collect(Collectors.toList());
  }

  /**
   * With no recording in this JVM, 100,000 emits (after 10,000 to warm up) allocate less than 64 KiB: one event
   * object per call would be several MB.
   *
   * @param enabled the event's probe, which must say off; null for none
   * @param emit    one emit, given the loop index
   */
  static void assertEmitsAllocateNothingWhileOff(BooleanSupplier enabled, IntConsumer emit) {
    assumeTrue(FlightRecorder.getFlightRecorder().getRecordings().isEmpty(),
        "another recording is running in this JVM");
    if (enabled != null) {
      assertFalse(enabled.getAsBoolean());
    }
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled());
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 10_000; i++) { // warm up, and load what the measurement itself needs
      emit.accept(i);
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      emit.accept(i);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertTrue(allocated < 64 * 1024, () -> allocated + " bytes for 100000 emits");
  }
}
