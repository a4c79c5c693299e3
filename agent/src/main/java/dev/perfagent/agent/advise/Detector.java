package dev.perfagent.agent.advise;

import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Recommendation;
import java.util.List;

/**
 * One concern of the advisor (hot methods, GC pressure, lock contention, ...): a pure function from a
 * window's evidence to zero or more recommendations. It returns nothing when the evidence is too thin
 * to say anything with confidence.
 */
public interface Detector {
    /**
     * Looks at one window.
     *
     * @param evidence the window's evidence
     * @return the findings, most important first; empty when there is none
     */
    List<Recommendation> detect(WindowEvidence evidence);
}
