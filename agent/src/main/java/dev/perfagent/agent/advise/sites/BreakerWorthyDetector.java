package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.FigureText;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A site without a circuit breaker whose failures come in bursts: in some second at least half of at least 20
 * calls threw while the window as a whole stayed mostly healthy (at most 10% errors). That is the shape a
 * breaker is for: a dependency that goes down for a while and comes back. Likewise for slow calls (over the
 * site's SLO) that pile up in one second. The proposed breaker is sized from what was seen: its count window
 * holds about one second of calls, it opens halfway between the normal and the burst rate.
 */
public final class BreakerWorthyDetector implements SiteDetector {
    static final long MIN_CALLS = 100;
    static final long BURST_MIN_CALLS = 20;
    static final double BURST_RATE = 0.5;
    static final double HEALTHY_RATE = 0.10;
    /** Long enough for a dependency to recover from a burst, short enough that trial calls come soon. */
    private static final String OPEN_FOR = "10s";

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.has("circuit-breaker") || site.calls() < MIN_CALLS) {
                continue;
            }
            SecondCounts errors = site.worstErrorSecond();
            SecondCounts slow = site.worstSlowSecond();
            double slowShare = (double) site.slowCalls() / site.calls();
            if (errors.calls() >= BURST_MIN_CALLS && errors.errorRate() >= BURST_RATE
                    && site.errorRate() <= HEALTHY_RATE) {
                found.add(errorBurst(site, errors));
            } else if (site.sloNanos() > 0 && slow.calls() >= BURST_MIN_CALLS && slow.slowRate() >= BURST_RATE
                    && slowShare <= HEALTHY_RATE) {
                found.add(slowBurst(site, slow, slowShare));
            }
        }
        return found;
    }

    private static Recommendation errorBurst(SiteWindow site, SecondCounts burst) {
        int rate = threshold(site.errorRate(), burst.errorRate());
        long window = Math.max(BURST_MIN_CALLS, burst.calls());
        String layer = String.format(Locale.ROOT, "circuit-breaker: { failure-rate: %d%%, window: %d,"
                + " minimum-calls: %d, open-for: %s }", rate, window, Math.min(window, BURST_MIN_CALLS), OPEN_FOR);
        List<Evidence> figures = List.of(
                Evidence.of("errors in the worst second", burst.errors(), "calls"),
                Evidence.of("calls in the worst second", burst.calls(), "calls"),
                Evidence.of("error rate in the worst second", round1(burst.errorRate() * 100), "%"),
                Evidence.of("error rate over the window", round1(site.errorRate() * 100), "%"),
                Evidence.of("mean latency", round1(site.meanNanos() / 1e6), "ms"));
        String action = site.method() + " failed in a burst: " + burst.errors() + " of " + burst.calls()
                + " calls in one second (" + percent(burst.errorRate()) + ") against " + percent(site.errorRate())
                + " over the window. A circuit breaker would fail those calls fast instead of letting each wait"
                + " for its failure, and give the dependency room to recover.";
        return Recommendation.of("breaker-worthy", Severity.WARNING, site.method(), figures, action,
                SiteText.rule(SiteText.ruleName("breaker", site.method()), site.method(), layer, site.rule()),
                failFastGain(site, burst.errors()));
    }

    private static Recommendation slowBurst(SiteWindow site, SecondCounts burst, double slowShare) {
        int rate = threshold(slowShare, burst.slowRate());
        long window = Math.max(BURST_MIN_CALLS, burst.calls());
        String layer = String.format(Locale.ROOT, "circuit-breaker: { slow-call: %s, slow-call-rate: %d%%,"
                + " window: %d, minimum-calls: %d, open-for: %s }", SiteText.duration(site.sloNanos()), rate,
                window, Math.min(window, BURST_MIN_CALLS), OPEN_FOR);
        List<Evidence> figures = List.of(
                Evidence.of("slow calls in the worst second", burst.slow(), "calls"),
                Evidence.of("calls in the worst second", burst.calls(), "calls"),
                Evidence.of("slow share in the worst second", round1(burst.slowRate() * 100), "%"),
                Evidence.of("slow share over the window", round1(slowShare * 100), "%"),
                Evidence.of("SLO", round1(site.sloNanos() / 1e6), "ms"));
        String action = "Slow calls of " + site.method() + " piled up: " + burst.slow() + " of " + burst.calls()
                + " calls in one second were over the " + FigureText.millis(site.sloNanos()) + " SLO, against "
                + percent(slowShare) + " over the window. A breaker on slow calls would refuse calls while the"
                + " dependency is degraded instead of queueing more of them behind it.";
        return Recommendation.of("breaker-worthy", Severity.INFO, site.method(), figures, action,
                SiteText.rule(SiteText.ruleName("breaker", site.method()), site.method(), layer, site.rule()),
                failFastGain(site, burst.slow()));
    }

    /** Halfway between the normal and the burst rate, in whole 5% steps, within 5%..95%. */
    static int threshold(double normal, double burst) {
        int percent = (int) (Math.floor((normal + burst) / 2 * 20) * 5);
        return Math.max(5, Math.min(95, percent));
    }

    private static PredictedGain failFastGain(SiteWindow site, long calls) {
        double savedNanos = calls * site.meanNanos();
        return new PredictedGain(round1(savedNanos / 1e6), "ms caller time",
                String.format(Locale.ROOT, "-%.1f ms of caller time in the worst second (%d calls failing fast)",
                        savedNanos / 1e6, calls),
                "calls that fail fast x mean latency: " + calls + " x " + FigureText.millis(site.meanNanos())
                        + "; the mean of all calls stands for the failing ones, whose own latency is not kept apart,"
                        + " and the first calls of a burst still run until the breaker has seen enough");
    }
}
