package dev.perfagent.agent.advise;

import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.report.Recommendation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Runs every detector over a window and ranks what they found: most severe first, causes before the
 * symptoms they add up to, then by predicted gain (its amount; amounts of different units compare only roughly, so severity leads). A detector
 * that fails is logged and skipped; the others still report.
 */
public final class Advisor {
    /**
     * Kinds that describe a symptom whose causes other detectors name: saturated CPU is what hot methods
     * (or GC) add up to, and its action points at them. At equal severity the cause comes first, since
     * it says where to change something.
     */
    private static final Set<String> SYMPTOMS = Set.of("cpu-saturation");
    /** The order of recommendations wherever they are listed together (profile and site advice alike). */
    public static final Comparator<Recommendation> RANKING = Comparator
            .comparing(Recommendation::severity, Comparator.reverseOrder())
            .thenComparing(r -> SYMPTOMS.contains(r.kind()))
            .thenComparing(r -> r.gain().amount(), Comparator.reverseOrder())
            .thenComparing(Recommendation::id);

    private final List<Detector> detectors;
    private final AgentLog log;

    /**
     * An advisor with the given detectors.
     *
     * @param detectors the detectors, run in this order
     * @param log where a failing detector is reported
     */
    public Advisor(List<Detector> detectors, AgentLog log) {
        this.detectors = List.copyOf(detectors);
        this.log = log;
    }

    /** An advisor with every detector the agent has. */
    public static Advisor standard(AgentLog log) {
        return new Advisor(List.of(new HotMethodDetector(), new CpuSaturationDetector(), new GcPressureDetector(),
                new AllocationDetector(), new HeapGrowthDetector(), new LockContentionDetector(),
                new SlowIoDetector(), new ExceptionStormDetector()), log);
    }

    /**
     * The recommendations for one window, ranked.
     *
     * @param evidence the window
     * @return the recommendations, most important first
     */
    public List<Recommendation> advise(WindowEvidence evidence) {
        List<Recommendation> all = new ArrayList<>();
        for (Detector detector : detectors) {
            try {
                all.addAll(detector.detect(evidence));
            } catch (RuntimeException e) {
                log.rateLimited(AgentLog.Level.WARN, "advise-" + detector.getClass().getSimpleName(),
                        "advisor: " + detector.getClass().getSimpleName() + " failed and was skipped: " + e);
            }
        }
        all.sort(RANKING);
        return all;
    }
}
