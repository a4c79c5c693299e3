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

/**
 * A cache layer that almost never answers: under 5% of its lookups hit over at least 1000 lookups. Every
 * call still builds a key, looks it up and, on the miss, stores the value (copying array arguments), and the
 * entries take memory: cost with next to no return. Either the key holds something that differs on every
 * call (a timestamp, a request id, a fresh object compared by identity), or the data does not repeat.
 */
public final class UselessCacheDetector implements SiteDetector {
    /** Fewer lookups than this do not tell a cold cache from a useless one. */
    static final long MIN_LOOKUPS = 1000;
    static final double USELESS_RATIO = 0.05;

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.cache().isEmpty()) {
                continue;
            }
            CacheFigures cache = site.cache().get();
            if (cache.lookups() < MIN_LOOKUPS || cache.hitRatio() >= USELESS_RATIO) {
                continue;
            }
            SampledShare ratio = new SampledShare(cache.hits(), cache.lookups());
            List<Evidence> figures = List.of(
                    new Evidence("hit ratio", round1(ratio.fraction() * 100), "%", round1(ratio.low() * 100),
                            round1(ratio.high() * 100)),
                    Evidence.of("lookups", cache.lookups(), "calls"),
                    Evidence.of("hits", cache.hits(), "calls"));
            String action = "The cache of rule '" + site.rule() + "' on " + site.method() + " answered "
                    + percent(ratio.fraction()) + " of " + cache.lookups() + " lookups: every other call pays for"
                    + " the key, the lookup and storing the value, for nothing. Remove the cache, or narrow the"
                    + " key to the arguments the result depends on (cache.key: [positions]; shared: true when the"
                    + " instance does not matter), if an argument differs on every call.";
            PredictedGain gain = new PredictedGain(cache.misses(), "calls",
                    cache.misses() + " calls no longer pay the cache's own cost (key, lookup, store), and its"
                            + " entries' memory is freed",
                    "the misses pay the cache layer's overhead and gain nothing; the overhead per call is not"
                            + " measured here (a key hash and a lookup, plus copying array arguments on a miss)");
            found.add(Recommendation.of("useless-cache", Severity.WARNING, site.method(), figures, action,
                    null, gain));
        }
        return found;
    }
}
