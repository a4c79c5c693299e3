package dev.perfagent.agent.advise.evidence;

import java.io.IOException;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordingFile;

/** Reads a whole JFR file, event by event, into one window of evidence (the offline path). */
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
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                accumulator.accept(recording.readEvent());
            }
        }
        return accumulator.snapshot();
    }
}
