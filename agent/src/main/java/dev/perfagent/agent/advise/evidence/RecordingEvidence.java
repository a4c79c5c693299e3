package dev.perfagent.agent.advise.evidence;

import java.util.Objects;

/**
 * What an offline reader took from one recording: the window's evidence, which the detectors read, and
 * beside it what wrote the recording and the wall-clock samples, which are not CPU time and so stay out of
 * {@link WindowEvidence#cpu()}.
 *
 * @param evidence the window's evidence
 * @param origin what wrote the recording and what it sampled
 * @param wallClock wall-clock samples (async-profiler's {@code wall} mode: threads whatever their state),
 *     {@link CpuProfile#NONE} when the recording has none
 */
public record RecordingEvidence(WindowEvidence evidence, RecordingOrigin origin, CpuProfile wallClock) {
    /** Checks every part is present. */
    public RecordingEvidence {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(wallClock, "wallClock");
    }
}
