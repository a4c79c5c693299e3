package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.FigureText.round3;

import dev.perfagent.agent.advise.FigureText;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A woven method that is called by many threads at once (on average at least 2 calls in flight, by Little's
 * law) and whose class has a batch form ({@link BatchFormSearch}): the calls could be merged into one call of
 * the batch form. Without a measured cost model of the batch form the gain is only bounded: at most as many
 * times the throughput as calls that meet, if a batch of n costs what one call does (Amdahl-style: less as the
 * batch's cost grows with n). WARNING from 8 calls in flight, INFO from 2.
 */
public final class BatchWorthyDetector implements SiteDetector {
    static final long MIN_CALLS = 100;
    static final double MIN_CONCURRENCY = 2;
    static final double WARNING_CONCURRENCY = 8;
    /** The largest batch the proposed rule allows, when more calls than this are in flight. */
    private static final int MAX_SIZE_CAP = 64;

    private final BatchFormSearch search;

    /** @param classes where the woven methods' classes are found, to look for their batch forms */
    public BatchWorthyDetector(LoadedClasses classes) {
        this.search = new BatchFormSearch(classes);
    }

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            double concurrency = site.meanConcurrency();
            if (site.has("batch") || site.has("cache") || site.calls() < MIN_CALLS
                    || concurrency < MIN_CONCURRENCY) {
                continue;
            }
            Optional<String> via = search.find(site.method());
            if (via.isEmpty()) {
                continue;
            }
            int maxSize = Math.max(2, Math.min(MAX_SIZE_CAP, Integer.highestOneBit((int) Math.ceil(concurrency))
                    << 1));
            String layer = "batch: { via: \"" + via.get() + "\", max-size: " + maxSize
                    + (site.sloNanos() > 0 ? ", slo-p99: " + SiteText.duration(site.sloNanos()) : "") + " }";
            List<Evidence> figures = List.of(
                    Evidence.of("calls in flight on average (Little's law)", round3(concurrency), "calls"),
                    Evidence.of("calls per second", FigureText.round1(site.callsPerSecond()), "/s"),
                    Evidence.of("mean latency", FigureText.round1(site.meanNanos() / 1e6), "ms"));
            String action = String.format(Locale.ROOT, "%s has %.1f calls in flight on average, and its class has"
                    + " a batch form, %s: let the agent merge concurrent calls into one call of it. Worth it when a"
                    + " batch costs much less than its calls one by one (vectorised or GPU work, one round trip"
                    + " for many); set slo-p99 so batches are sized against your latency objective.",
                    site.method(), concurrency, via.get());
            PredictedGain gain = new PredictedGain(round3(concurrency), "x throughput at most",
                    String.format(Locale.ROOT, "up to x%.1f throughput if a batch costs what one call does",
                            concurrency),
                    "Amdahl-style bound with no measured cost model: n = " + round3(concurrency) + " calls in"
                            + " flight can meet in one batch, so at most n times the calls per unit of work when a"
                            + " batch of n costs one call; with cost(n) = a + b*n the speed-up is n(a+b)/(a+bn)");
            found.add(Recommendation.of("batch-worthy",
                    concurrency >= WARNING_CONCURRENCY ? Severity.WARNING : Severity.INFO, site.method(), figures,
                    action, SiteText.rule(SiteText.ruleName("batch", site.method()), site.method(), layer,
                            site.rule()), gain));
        }
        return found;
    }
}
