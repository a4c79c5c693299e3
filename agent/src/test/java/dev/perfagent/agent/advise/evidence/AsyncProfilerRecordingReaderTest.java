package dev.perfagent.agent.advise.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.Advisor;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.sample.workload.AsyncProfilerWorkload;
import dev.perfagent.sample.workload.RecordedWorkload;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real async-profiler recordings of a known workload, read back with async-profiler's own parser. */
class AsyncProfilerRecordingReaderTest {

    @Test
    void cpuAllocationAndLockSamplesLandInTheEvidenceTheDetectorsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ap.jfr");
        AsyncProfilerWorkload.Recorded recorded =
                AsyncProfilerWorkload.record(file, dir.resolve("native"), Duration.ofSeconds(2), false);

        assertTrue(AsyncProfilerRecordingReader.isAsyncProfilerRecording(file));
        RecordingEvidence recording = RecordingFileReader.readRecording(file);
        RecordingOrigin origin = recording.origin();
        assertTrue(origin.isAsyncProfiler(), origin.toString());
        assertEquals(recorded.version(), origin.version());
        assertTrue(origin.modes().get(0).startsWith(recorded.event()), origin.modes().toString());
        assertTrue(origin.modes().containsAll(List.of("alloc", "lock")), origin.modes().toString());
        assertTrue(origin.describe().startsWith("async-profiler " + recorded.version() + " ("), origin.describe());
        assertEquals(0, recording.wallClock().samples(), "a CPU recording has no wall-clock samples");

        WindowEvidence evidence = recording.evidence();
        assertTrue(evidence.seconds() >= 1.5, "window " + evidence.seconds());
        // Frame names as a JDK recording's: class#method with dots; native and kernel frames without '#'.
        assertTrue(evidence.cpu().self().containsKey(AsyncProfilerWorkload.HOT_METHOD), evidence.cpu().self().toString());
        for (String frame : evidence.cpu().total().keySet()) {
            assertFalse(FrameNames.isJavaMethod(frame) && frame.contains("/"), frame);
        }

        List<Recommendation> found = Advisor.standard(AgentLog.toStderr(AgentLog.Level.WARN)).advise(evidence);
        Recommendation hot = found.stream().filter(r -> r.kind().equals("hot-method")).findFirst().orElseThrow(
                () -> new AssertionError("no hot-method finding: " + found + "\n" + evidence.cpu().self()));
        assertEquals(AsyncProfilerWorkload.HOT_METHOD, hot.where(), found.toString());

        Allocations allocations = evidence.allocations();
        assertTrue(allocations.samples() > 0);
        assertEquals(AsyncProfilerWorkload.ALLOC_METHOD, allocations.sitesByBytes().get(0), allocations.bySite().toString());
        // The allocated class is spelt as jdk.jfr spells it.
        assertTrue(allocations.byClass().containsKey("[B"), allocations.byClass().toString());

        Map<String, DurationStat> monitor = evidence.contention().monitors().get(AsyncProfilerWorkload.MONITOR_CLASS);
        assertTrue(monitor != null && monitor.containsKey(AsyncProfilerWorkload.MONITOR_METHOD),
                evidence.contention().monitors().toString());
        assertTrue(Contention.sum(monitor).totalNanos() > 0);

        // jdk.jfr alone reads the same file without any allocation: async-profiler writes TLAB events, not the
        // jdk.ObjectAllocationSample a JDK recording has.
        EvidenceAccumulator jdkOnly = new EvidenceAccumulator();
        RecordingFileReader.feed(file, jdkOnly, type -> true);
        assertEquals(0, jdkOnly.snapshot().allocations().samples());
        // Where jdk.jfr reads the execution samples too (async-profiler 4.5 on JDK 17 it does), each counts once.
        long executionSamples = count(file, "jdk.ExecutionSample");
        if (executionSamples > 0) {
            assertEquals(executionSamples, evidence.cpu().samples());
        }
    }

    @Test
    void wallClockSamplesAreKeptApartFromCpu(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wall.jfr");
        AsyncProfilerWorkload.record(file, dir.resolve("native"), Duration.ofSeconds(1), true);

        RecordingEvidence recording = RecordingFileReader.readRecording(file);
        assertEquals("wall", recording.origin().modes().get(0), recording.origin().modes().toString());
        assertEquals(0, recording.evidence().cpu().samples(), "wall-clock samples are not CPU samples");
        assertTrue(recording.wallClock().samples() > 0);
        // The sleeping monitor holder is in the wall-clock profile, never in a CPU one.
        assertTrue(recording.wallClock().total().containsKey(AsyncProfilerWorkload.MONITOR_METHOD),
                recording.wallClock().total().keySet().toString());
    }

    @Test
    void aJdkRecordingIsNotTakenForAsyncProfilers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jdk.jfr");
        RecordedWorkload.record(file);
        assertFalse(AsyncProfilerRecordingReader.isAsyncProfilerRecording(file));
        RecordingEvidence recording = RecordingFileReader.readRecording(file);
        assertEquals(RecordingOrigin.JFR, recording.origin());
        assertEquals(CpuProfile.NONE, recording.wallClock());
        assertTrue(recording.evidence().cpu().self().containsKey(RecordedWorkload.HOT_METHOD));
    }

    private static long count(Path file, String type) throws IOException {
        long n = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                if (recording.readEvent().getEventType().getName().equals(type)) {
                    n++;
                }
            }
        }
        return n;
    }
}
