package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.SampledShare;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A site without a cache whose argument keys repeat: the {@link ShadowCache} of the proposed size, fed the
 * sampled keys, would have answered at least 30% of at least 200 lookups. The predicted hit ratio comes with
 * its 95% Wilson interval; severity rises to WARNING when the interval's lower end is at least 50%. The gain is
 * the hit ratio times the mean latency: the time a hit no longer spends in the method (the cache's own cost
 * per call, far smaller, is left out).
 */
public final class CacheWorthyDetector implements SiteDetector {
    static final long MIN_LOOKUPS = 200;
    static final double WORTHY_RATIO = 0.30;
    static final double WARNING_LOW = 0.50;

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.has("cache") || site.shadow().isEmpty()) {
                continue;
            }
            ShadowCacheFigures shadow = site.shadow().get();
            if (shadow.lookups() < MIN_LOOKUPS || shadow.hitRatio() < WORTHY_RATIO) {
                continue;
            }
            SampledShare ratio = new SampledShare(shadow.hits(), shadow.lookups());
            double savedNanos = ratio.fraction() * site.meanNanos();
            List<Evidence> figures = List.of(
                    new Evidence("predicted hit ratio", round1(ratio.fraction() * 100), "%",
                            round1(ratio.low() * 100), round1(ratio.high() * 100)),
                    Evidence.of("sampled lookups", shadow.lookups(), "calls"),
                    Evidence.of("key space sampled", round1(shadow.sampleRate() * 100), "%"),
                    Evidence.of("proposed max-size", shadow.proposedSize(), "entries"),
                    Evidence.of("mean latency", round1(site.meanNanos() / 1e6), "ms"));
            String action = "The arguments of " + site.method() + " repeat: a cache of " + shadow.proposedSize()
                    + " entries would have answered " + percent(ratio.fraction()) + " of its calls (95%: "
                    + percent(ratio.low()) + " to " + percent(ratio.high()) + "). Cache it if its result depends on"
                    + " its arguments alone (no side effects, no time-dependent data; set a ttl if the data"
                    + " changes).";
            String layer = "cache: { max-size: " + shadow.proposedSize() + " }";
            PredictedGain gain = new PredictedGain(round1(savedNanos / 1e6), "ms per call",
                    String.format(Locale.ROOT, "-%.1f ms per call on average (%s of calls answered without"
                            + " running the method)", savedNanos / 1e6, percent(ratio.fraction())),
                    String.format(Locale.ROOT, "hit ratio x mean latency = %.3f x %.3f ms; the hit ratio is the"
                            + " shadow cache's over %d sampled lookups (a Caffeine cache of %d x %.3f entries fed"
                            + " the keys whose hash falls in the sample), with its 95%% Wilson interval",
                            ratio.fraction(), site.meanNanos() / 1e6, shadow.lookups(), shadow.proposedSize(),
                            shadow.sampleRate()));
            found.add(Recommendation.of("cache-worthy", ratio.low() >= WARNING_LOW ? Severity.WARNING : Severity.INFO,
                    site.method(), figures, action, SiteText.rule(SiteText.ruleName("cache", site.method()),
                            site.method(), layer, site.rule()), gain));
        }
        return found;
    }
}
