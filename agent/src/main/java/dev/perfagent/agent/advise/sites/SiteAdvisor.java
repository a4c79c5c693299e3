package dev.perfagent.agent.advise.sites;

import dev.perfagent.agent.advise.Advisor;
import dev.perfagent.agent.config.GpuConfig;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.report.Recommendation;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the site detectors over a window of the agent's own sites and ranks what they found, as
 * {@link Advisor} does for profiler evidence, in its {@link Advisor#RANKING order}. A detector that fails is logged and skipped; the others still report.
 */
public final class SiteAdvisor {
    private final List<SiteDetector> detectors;
    private final AgentLog log;

    /**
     * @param detectors the detectors, run in this order
     * @param log where a failing detector is reported
     */
    public SiteAdvisor(List<SiteDetector> detectors, AgentLog log) {
        this.detectors = List.copyOf(detectors);
        this.log = log;
    }

    /**
     * Every site detector.
     *
     * @param classes where the batch-worthy detector finds the woven methods' classes
     * @param log where a failing detector is reported
     */
    public static SiteAdvisor standard(LoadedClasses classes, AgentLog log) {
        return standard(classes, GpuConfig.defaults().memoryHeadroomPercent(), log);
    }

    /**
     * Every site detector, the device ones with the configured memory headroom.
     *
     * @param classes         where the batch-worthy detector finds the woven methods' classes
     * @param headroomPercent {@code gpu.memory-headroom}
     * @param log             where a failing detector is reported
     */
    public static SiteAdvisor standard(LoadedClasses classes, double headroomPercent, AgentLog log) {
        return new SiteAdvisor(List.of(new CacheWorthyDetector(), new UselessCacheDetector(),
                new BreakerWorthyDetector(), new UselessBreakerDetector(), new BatchWorthyDetector(classes),
                new BatchStuckAtOneDetector(), new BatchDeviceIdleDetector(),
                new DeviceMemoryFullDetector(headroomPercent), new BatchCopyBoundDetector(),
                new BatchOutOfMemoryDetector()), log);
    }

    /**
     * The recommendations for one window, ranked.
     *
     * @param evidence the sites over the window
     * @return the recommendations, most important first
     */
    public List<Recommendation> advise(SiteEvidence evidence) {
        List<Recommendation> all = new ArrayList<>();
        for (SiteDetector detector : detectors) {
            try {
                all.addAll(detector.detect(evidence));
            } catch (RuntimeException e) {
                log.rateLimited(AgentLog.Level.WARN, "advise-" + detector.getClass().getSimpleName(),
                        "advisor: " + detector.getClass().getSimpleName() + " failed and was skipped: " + e);
            }
        }
        all.sort(Advisor.RANKING);
        return all;
    }
}
