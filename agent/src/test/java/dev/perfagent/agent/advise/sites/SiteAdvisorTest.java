package dev.perfagent.agent.advise.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.report.Recommendation;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteAdvisorTest {
    private static final AgentLog LOG = AgentLog.toStderr(AgentLog.Level.ERROR);

    @Test
    void ranksBySeverityAndSkipsAFailingDetector() {
        SiteWindow idleBreaker = Sites.withBreaker(Sites.healthy(), new BreakerFigures(6000, 0, 0, 0, 0, 0));
        SiteWindow uselessCache = Sites.withCache(Sites.healthy(), new CacheFigures(1, 1999));
        SiteDetector broken = evidence -> {
            throw new IllegalStateException("bug");
        };
        SiteAdvisor advisor = new SiteAdvisor(List.of(new UselessBreakerDetector(), broken,
                new UselessCacheDetector()), LOG);
        List<Recommendation> found = advisor.advise(Sites.evidence(idleBreaker, uselessCache));
        assertEquals(List.of("useless-cache", "breaker-idle"), found.stream().map(Recommendation::kind).toList());
    }

    @Test
    void aHealthySiteGivesNothing() {
        assertEquals(List.of(), SiteAdvisor.standard(LoadedClasses.NONE, LOG).advise(Sites.evidence(Sites.healthy())));
    }
}
