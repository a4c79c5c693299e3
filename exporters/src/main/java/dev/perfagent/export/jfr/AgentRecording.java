package dev.perfagent.export.jfr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import jdk.jfr.Configuration;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * The agent's continuous flight recording, named {@value #NAME}: the JDK's events from one of its
 * predefined configurations plus every {@link PerfAgentEvents perf-agent event}, kept on disk up to
 * a maximum age and size.
 *
 * <p>With a dump file, the recording is marked dump-on-exit with that destination, so the JDK's own
 * JFR shutdown hook writes it when the JVM exits (after the application's last events, and in the
 * right order with the recorder's own shutdown, which a second hook could not guarantee). Closing it
 * before then ({@link #close()}, on detach) stops it, which writes the file too, and discards it.
 *
 * <p>{@code jcmd <pid> JFR.dump name=perf-agent filename=...} and {@code perf-agent dump <pid>} write
 * the live window at any time. Not thread-safe: started and closed by the agent's start and stop.
 */
public final class AgentRecording implements AutoCloseable {

  /** The recording's name, for {@code JFR.dump name=...}. */
  public static final String NAME = "perf-agent";

  private final Recording recording;
  private final Optional<Path> destination;

  private AgentRecording(Recording recording, Optional<Path> destination) {
    this.recording = recording;
    this.destination = destination;
  }

  /**
   * Starts the recording.
   *
   * @param configuration the JDK configuration's name: {@code default} or {@code profile}
   * @param maxAge the oldest data kept
   * @param maxSize the most bytes kept on disk
   * @param dumpOnExit where to write the recording when the JVM exits; {@code null} for nowhere.
   *     Made absolute against the working directory; missing parent directories are created
   * @return the running recording
   * @throws IllegalStateException if this JVM has no flight recorder
   * @throws IOException if the configuration or the destination cannot be used
   * @throws ParseException if the JDK's configuration file cannot be read
   */
  public static AgentRecording start(String configuration, Duration maxAge, long maxSize,
      Path dumpOnExit) throws IOException, ParseException {
    Objects.requireNonNull(configuration, "configuration");
    if (!FlightRecorder.isAvailable()) {
      throw new IllegalStateException("this JVM has no flight recorder (JFR)");
    }
    PerfAgentEvents.register();
    Recording recording = new Recording(Configuration.getConfiguration(configuration));
    try {
      recording.setName(NAME);
      recording.setToDisk(true);
      recording.setMaxAge(maxAge);
      recording.setMaxSize(maxSize);
      for (Class<? extends Event> type : PerfAgentEvents.TYPES) {
        recording.enable(type); // at any duration: they are rare and each one matters
      }
      Optional<Path> destination = Optional.ofNullable(dumpOnExit).map(Path::toAbsolutePath);
      if (destination.isPresent()) {
        Path parent = destination.get().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        recording.setDestination(destination.get());
        recording.setDumpOnExit(true);
      }
      recording.start();
      return new AgentRecording(recording, destination);
    } catch (IOException | RuntimeException e) {
      recording.close();
      throw e;
    }
  }

  /**
   * Where the recording is written at exit.
   *
   * @return the absolute path, or empty when it is not written
   */
  public Optional<Path> destination() {
    return destination;
  }

  /**
   * Writes what the recording holds now to a file, leaving it running.
   *
   * @param file the file to write
   * @throws IOException if it cannot be written
   */
  public void dump(Path file) throws IOException {
    recording.dump(file);
  }

  /**
   * Stops the recording (writing it to its {@link #destination()}, if any) and frees its disk
   * space. Idempotent.
   */
  @Override
  public void close() {
    try {
      if (recording.getState() == jdk.jfr.RecordingState.RUNNING) {
        recording.stop();
      }
    } finally {
      recording.close();
    }
  }
}
