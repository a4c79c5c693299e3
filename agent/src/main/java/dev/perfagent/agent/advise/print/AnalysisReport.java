package dev.perfagent.agent.advise.print;

import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.advise.jmc.JmcVerdict;
import dev.perfagent.export.report.Recommendation;
import java.util.List;

/**
 * What {@code perf-agent analyze} found in one recording: the source, a few facts about its window, and
 * the ranked recommendations.
 *
 * @param source the recording's file name
 * @param evidence the window's evidence
 * @param recommendations the recommendations, most important first
 * @param jmc what JDK Mission Control's own rules said, or {@code null} when they were not run
 */
public record AnalysisReport(String source, WindowEvidence evidence, List<Recommendation> recommendations,
        List<JmcVerdict> jmc) {
    /** Copies the lists. */
    public AnalysisReport {
        recommendations = List.copyOf(recommendations);
        jmc = jmc == null ? null : List.copyOf(jmc);
    }
}
