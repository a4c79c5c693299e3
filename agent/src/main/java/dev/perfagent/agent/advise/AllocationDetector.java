package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.AgentFrames;
import dev.perfagent.agent.advise.evidence.Allocations;
import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the allocated bytes come from: an allocation site carrying a large share of the window's
 * allocation, and boxed primitives made by {@code valueOf}. Young collections come about once per
 * filled young generation, so their number scales with the allocation rate: removing a site's share of
 * the bytes removes that share of young collections.
 *
 * <p>A site is the application frame nearest the allocation: what the agent allocates for a woven method
 * (its per-call {@code LayeredCall}) counts for that method. A site that is the agent's own frame (bytes
 * allocated where no application frame is on the stack: the agent's own threads) is left out, since the
 * user cannot change the agent's code.
 */
public final class AllocationDetector implements Detector {
    /** Fewer allocation samples than this do not rank sites reliably. */
    static final long MIN_SAMPLES = 50;
    static final double SITE_INFO = 0.20;
    static final double SITE_WARNING = 0.50;
    /**
     * JMC AutoBoxingRule: {@code autoboxing.ratio.info.limit} 20% and {@code autoboxing.ratio.warning.limit}
     * 80% of allocated bytes.
     */
    static final double BOXING_WARNING = 0.20;
    static final double BOXING_CRITICAL = 0.80;
    private static final int MAX_SITES = 3;

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        Allocations alloc = evidence.allocations();
        List<Recommendation> found = new ArrayList<>();
        if (alloc.samples() < MIN_SAMPLES || alloc.totalBytes() <= 0) {
            return found;
        }
        double rate = alloc.totalBytes() / evidence.seconds();
        for (String site : alloc.sitesByBytes()) {
            double share = (double) alloc.bySite().get(site) / alloc.totalBytes();
            if (share < SITE_INFO || found.size() >= MAX_SITES) {
                break;
            }
            if (AgentFrames.isAgent(site)) {
                continue;
            }
            String topClass = topClassOf(alloc, site);
            found.add(Recommendation.of("allocation-hot-site",
                    share >= SITE_WARNING ? Severity.WARNING : Severity.INFO, site,
                    List.of(Evidence.of("share of allocated bytes", round1(share * 100), "%"),
                            Evidence.of("allocation rate of the site", round1(share * rate / 1048576), "MB/s"),
                            Evidence.of("allocation rate, all", round1(rate / 1048576), "MB/s"),
                            Evidence.of("allocation samples", alloc.samples(), "samples")),
                    site + " allocates " + percent(share) + " of all bytes" + mostOf(topClass) + ". Reuse buffers,"
                            + " size collections up front, or avoid the intermediate objects.",
                    null, gain(evidence, share)));
        }
        List<String> boxingSites = CpuProfile.ranked(alloc.boxingBySite()).stream()
                .filter(site -> !AgentFrames.isAgent(site)).toList();
        double boxing = (double) boxingSites.stream().mapToLong(alloc.boxingBySite()::get).sum() / alloc.totalBytes();
        if (boxing >= BOXING_WARNING) {
            String site = boxingSites.get(0);
            found.add(Recommendation.of("allocation-boxing",
                    boxing >= BOXING_CRITICAL ? Severity.CRITICAL : Severity.WARNING, site,
                    List.of(Evidence.of("boxed primitives, share of allocated bytes", round1(boxing * 100), "%"),
                            Evidence.of("boxing rate", round1(boxing * rate / 1048576), "MB/s")),
                    "Boxing: " + percent(boxing) + " of allocated bytes are Integer/Long/Double... made by"
                            + " valueOf, most from " + site + ". Use primitive arrays or primitive collections,"
                            + " and keep counters and keys unboxed.",
                    null, gain(evidence, boxing)));
        }
        return found;
    }

    /**
     * ", most of it" the class; the agent's own objects (what it allocates per call of a woven method) are
     * said to be the agent's, so they are not taken for the method's.
     */
    private static String mostOf(String topClass) {
        if (topClass == null) {
            return "";
        }
        return AgentFrames.isAgent(topClass) ? ", most of it the agent's own " + topClass
                + " (its per-call cost of the woven method, not the method's code)" : ", most of it " + topClass;
    }

    /** The class allocated most by the site's heaviest stack. */
    private static String topClassOf(Allocations alloc, String site) {
        for (String stack : CpuProfile.ranked(alloc.byStack())) {
            if (stack.contains(" <- " + site)) {
                return stack.substring(0, stack.indexOf(" <- "));
            }
        }
        return null;
    }

    private static PredictedGain gain(WindowEvidence evidence, double share) {
        double gcSaved = share * evidence.gc().pauseNanos() / evidence.seconds();
        String gcPart = evidence.gc().collections() > 0
                ? String.format(Locale.ROOT, "; at this window's GC pauses that is -%.1f ms paused per second",
                        gcSaved / 1e6) : "";
        return new PredictedGain(round1(share * 100), "% allocation",
                "-" + percent(share) + " allocation and young collections",
                "young collections scale with the allocation rate: removing a share a of the bytes removes a"
                        + " of the young collections" + gcPart);
    }

}
