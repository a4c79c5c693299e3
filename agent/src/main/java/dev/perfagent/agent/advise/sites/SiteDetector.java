package dev.perfagent.agent.advise.sites;

import dev.perfagent.export.report.Recommendation;
import java.util.List;

/**
 * One concern about the agent's own sites (a cache that does not hit, a method worth batching, ...): a pure
 * function from a window's {@link SiteEvidence} to zero or more recommendations, silent when the evidence is
 * too thin. The sibling of {@link dev.perfagent.agent.advise.Detector}, which reads profiler evidence.
 */
public interface SiteDetector {
    /**
     * Looks at one window.
     *
     * @param evidence the sites over the window
     * @return the findings; empty when there is none
     */
    List<Recommendation> detect(SiteEvidence evidence);
}
