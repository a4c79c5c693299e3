package dev.perfagent.agent.profile;

import dev.perfagent.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR's leak profiler, read once a window. A recording with only {@code jdk.OldObjectSample} keeps a small
 * queue of objects sampled at their allocation, dropping those the GC frees; what is left are survivors with
 * their allocation stacks, the best pointer to where a growing live set comes from. The JDK writes the
 * survivors only when a recording is dumped or stopped (not at chunk rotation, so a stream never sees them),
 * hence a dump per window: tens of milliseconds and a file of some 100 KB, deleted at once.
 *
 * <p>Used by the profiler's thread only.
 */
final class SurvivorSampler implements AutoCloseable {
    static final String EVENT = "jdk.OldObjectSample";

    private final Recording recording;
    private final Path dir;
    private final AgentLog log;

    private SurvivorSampler(Recording recording, Path dir, AgentLog log) {
        this.recording = recording;
        this.dir = dir;
        this.log = log;
    }

    /** Starts the leak profiler, or returns null (logged) where JFR cannot run it. */
    static SurvivorSampler start(AgentLog log) {
        Recording recording = null;
        try {
            Path dir = Files.createTempDirectory("perf-agent-survivors");
            recording = new Recording();
            recording.setName("perf-agent survivors");
            // cutoff 0: no search for paths to GC roots, which would stop the world for a while on big heaps.
            recording.enable(EVENT).withStackTrace().with("cutoff", "0 ns");
            recording.start();
            return new SurvivorSampler(recording, dir, log);
        } catch (IOException | RuntimeException e) {
            if (recording != null) {
                recording.close();
            }
            log.warn("profiling: JFR's leak profiler did not start, heap growth names no survivors: " + e);
            return null;
        }
    }

    /** The survivors now: one event per sampled object still alive; empty when the dump fails (logged). */
    List<RecordedEvent> survivors() {
        Path file = dir.resolve("survivors.jfr");
        try {
            recording.dump(file);
            List<RecordedEvent> found = new ArrayList<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (EVENT.equals(event.getEventType().getName())) {
                    found.add(event);
                }
            }
            return found;
        } catch (IOException | RuntimeException e) {
            log.rateLimited(AgentLog.Level.WARN, "survivors", "profiling: reading JFR's leak profiler failed: " + e);
            return List.of();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.rateLimited(AgentLog.Level.WARN, "survivors-delete", "profiling: cannot delete " + file + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        recording.close();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("cannot delete " + dir + ": " + e);
        }
    }
}
