package dev.perfagent.agent.advise.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a whole JFR file, event by event, into one window of evidence (the offline path). A file async-profiler
 * wrote goes to {@link AsyncProfilerRecordingReader}, which reads its samples with async-profiler's own parser;
 * any other (the JDK's, ours) is read with {@code jdk.jfr}.
 */
public final class RecordingFileReader {
    private RecordingFileReader() {
    }

    /**
     * Reads every event of the file.
     *
     * @param file a JFR recording
     * @return the evidence, its window spanning the recording's events
     * @throws IOException if the file cannot be read or is not a JFR recording
     */
    public static WindowEvidence read(Path file) throws IOException {
        return readRecording(file).evidence();
    }

    /**
     * Reads every event of the file, and says what wrote it.
     *
     * @param file a JFR recording
     * @return the evidence, what wrote the recording, and its wall-clock samples (async-profiler's only)
     * @throws IOException if the file cannot be read or is not a JFR recording
     */
    public static RecordingEvidence readRecording(Path file) throws IOException {
        if (AsyncProfilerRecordingReader.isAsyncProfilerRecording(file)) {
            return AsyncProfilerRecordingReader.read(file);
        }
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        feed(file, accumulator, type -> true);
        return new RecordingEvidence(accumulator.snapshot(), RecordingOrigin.JFR, CpuProfile.NONE);
    }

    /** Feeds the file's events whose type name {@code types} accepts to the accumulator, in file order. */
    static void feed(Path file, EvidenceAccumulator accumulator, Predicate<String> types) throws IOException {
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (types.test(event.getEventType().getName())) {
                    accumulator.accept(event);
                }
            }
        }
    }
}
