package dev.perfagent.agent.advise.evidence;

import java.util.List;

/**
 * What wrote a recording, and what its profiler sampled.
 *
 * @param producer {@code JDK Flight Recorder}, or {@code async-profiler}
 * @param version the producer's version where the recording names it, else {@code null}
 * @param modes what async-profiler sampled, in its own words: the CPU engine ({@code cpu}, {@code itimer},
 *     {@code ctimer}, ...) or {@code wall}, then {@code alloc} and {@code lock} where they were on; empty
 *     for a JDK recording
 */
public record RecordingOrigin(String producer, String version, List<String> modes) {
    /** A recording of the JDK's own Flight Recorder (ours included). */
    public static final RecordingOrigin JFR = new RecordingOrigin("JDK Flight Recorder", null, List.of());
    /** The producer name of async-profiler's recordings. */
    public static final String ASYNC_PROFILER = "async-profiler";

    /** Copies the modes. */
    public RecordingOrigin {
        modes = List.copyOf(modes);
    }

    /** Whether async-profiler wrote the recording. */
    public boolean isAsyncProfiler() {
        return ASYNC_PROFILER.equals(producer);
    }

    /** {@code async-profiler 4.5 (cpu, alloc, lock)}: the producer, its version and modes where known. */
    public String describe() {
        String text = version == null ? producer : producer + " " + version;
        return modes.isEmpty() ? text : text + " (" + String.join(", ", modes) + ")";
    }
}
