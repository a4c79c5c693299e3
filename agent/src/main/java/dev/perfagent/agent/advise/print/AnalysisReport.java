package dev.perfagent.agent.advise.print;

import dev.perfagent.agent.advise.evidence.RecordingEvidence;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.advise.jmc.JmcVerdict;
import dev.perfagent.export.report.Recommendation;
import java.util.List;
import java.util.Objects;

/**
 * What {@code perf-agent analyze} found in one recording: the source, what wrote it, a few facts about its
 * window, and the ranked recommendations.
 *
 * @param source the recording's file name
 * @param recording the window's evidence, what wrote the recording, its wall-clock samples
 * @param recommendations the recommendations, most important first
 * @param jmc what JDK Mission Control's own rules said, or {@code null} when they were not run
 */
public record AnalysisReport(String source, RecordingEvidence recording, List<Recommendation> recommendations,
        List<JmcVerdict> jmc) {
    /** Copies the lists. */
    public AnalysisReport {
        Objects.requireNonNull(recording, "recording");
        recommendations = List.copyOf(recommendations);
        jmc = jmc == null ? null : List.copyOf(jmc);
    }

    /** The window's evidence, which the detectors read. */
    public WindowEvidence evidence() {
        return recording.evidence();
    }
}
