package dev.perfagent.agent.profile;

import dev.perfagent.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.EventStream;

/**
 * JFR's leak profiler, read once a window. A recording with only {@code jdk.OldObjectSample} keeps a small
 * queue of objects sampled at their allocation, dropping those the GC frees; what is left are survivors with
 * their allocation stacks, the best pointer to where a growing live set comes from. The JDK writes the
 * survivors only when a recording is dumped or stopped (not at chunk rotation, so a stream never sees them),
 * hence a dump per window, deleted at once. A dump holds every event JFR wrote while the recording kept its
 * chunks, the profiler's stream included: the recording keeps only the newest chunks (a dump rotates the
 * chunk, so that is about one window), and the dump is read with a stream that parses nothing but the
 * survivors.
 *
 * <p>Used by the profiler's thread only.
 */
final class SurvivorSampler implements AutoCloseable {
    static final String EVENT = "jdk.OldObjectSample";
    /** Chunks older than this are dropped; the chunk a dump has just closed is always kept. */
    private static final Duration KEEP = Duration.ofSeconds(1);

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
            // close() deletes it; a host that exits while the sampler runs would otherwise leave it behind.
            dir.toFile().deleteOnExit();
            recording = new Recording();
            recording.setName("perf-agent survivors");
            // cutoff 0: no search for paths to GC roots, which would stop the world for a while on big heaps.
            recording.enable(EVENT).withStackTrace().with("cutoff", "0 ns");
            // Without a limit the recording would keep every chunk since it started, so the disk repository
            // would grow for as long as the host runs and each dump would copy (and be parsed for) all of it.
            recording.setMaxAge(KEEP);
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
            try (EventStream events = EventStream.openFile(file)) {
                events.setReuse(false); // the events outlive the stream
                events.onEvent(EVENT, found::add); // the parser skips every other event type unread
                events.start();
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
