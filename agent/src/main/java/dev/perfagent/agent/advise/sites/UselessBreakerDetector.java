package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Circuit breakers that do not help. Two cases:
 *
 * <ul>
 *   <li>{@code breaker-idle} (INFO): over a window of at least a minute and 1000 recorded calls it saw no
 *       failure and no slow call, refused nothing and never opened. That is not wrong (a breaker is insurance
 *       against a failure yet to come), so it is said only as information: it costs a little per call.</li>
 *   <li>{@code breaker-flapping} (WARNING): it opened at least 3 times and closed again at least twice in
 *       the window. Each opening refuses calls that might have worked, each closing lets the failures back
 *       in: its window is too small to tell a burst from an outage, or its {@code open-for} too short for
 *       the dependency to recover.</li>
 * </ul>
 */
public final class UselessBreakerDetector implements SiteDetector {
    static final long IDLE_MIN_CALLS = 1000;
    static final long IDLE_MIN_WINDOW_NANOS = 60_000_000_000L;
    static final long FLAP_OPENINGS = 3;
    static final long FLAP_CLOSINGS = 2;

    @Override
    public List<Recommendation> detect(SiteEvidence evidence) {
        List<Recommendation> found = new ArrayList<>();
        for (SiteWindow site : evidence.sites()) {
            if (site.breaker().isEmpty()) {
                continue;
            }
            BreakerFigures breaker = site.breaker().get();
            if (breaker.opened() >= FLAP_OPENINGS && breaker.closed() >= FLAP_CLOSINGS) {
                found.add(flapping(site, breaker, evidence.lengthNanos()));
            } else if (breaker.recorded() >= IDLE_MIN_CALLS && evidence.lengthNanos() >= IDLE_MIN_WINDOW_NANOS
                    && breaker.failures() == 0 && breaker.slow() == 0 && breaker.notPermitted() == 0
                    && breaker.opened() == 0) {
                found.add(idle(site, breaker, evidence.lengthNanos()));
            }
        }
        return found;
    }

    private static Recommendation flapping(SiteWindow site, BreakerFigures breaker, long lengthNanos) {
        double minutes = lengthNanos / 60e9;
        List<Evidence> figures = List.of(
                Evidence.of("openings", breaker.opened(), "transitions"),
                Evidence.of("closings (half-open to closed)", breaker.closed(), "transitions"),
                Evidence.of("openings per minute", round1(breaker.opened() / Math.max(minutes, 1e-9)), "/min"),
                Evidence.of("calls refused", breaker.notPermitted(), "calls"),
                Evidence.of("failures recorded", breaker.failures(), "calls"),
                Evidence.of("slow calls recorded", breaker.slow(), "calls"));
        String action = "The circuit breaker of rule '" + site.rule() + "' on " + site.method() + " opened "
                + breaker.opened() + " times and closed " + breaker.closed() + " times in "
                + round1(minutes) + " min: it flaps. Let it judge more calls before it opens (a larger window and"
                + " minimum-calls), and stay open longer (a longer open-for) so the dependency can recover"
                + " before the trial calls; if the failures are short bursts it cannot help with, remove it.";
        PredictedGain gain = new PredictedGain(breaker.notPermitted(), "calls",
                "fewer of the " + breaker.notPermitted() + " refused calls, fewer failures let back in",
                "a breaker that flaps refuses calls during each short opening and lets failures through on each"
                        + " closing; the refused calls in the window bound what tuning can return");
        // No snippet: the breaker's settings now are not in the evidence, and the fix is relative to them.
        return Recommendation.of("breaker-flapping", Severity.WARNING, site.method(), figures, action, null, gain);
    }

    private static Recommendation idle(SiteWindow site, BreakerFigures breaker, long lengthNanos) {
        List<Evidence> figures = List.of(
                Evidence.of("calls recorded", breaker.recorded(), "calls"),
                Evidence.of("failures and slow calls", 0, "calls"),
                Evidence.of("window", round1(lengthNanos / 60e9), "min"));
        String action = "The circuit breaker of rule '" + site.rule() + "' on " + site.method() + " saw "
                + breaker.recorded() + " calls and not one failure or slow call in " + round1(lengthNanos / 60e9)
                + " min. That is fine if it guards against a failure yet to come; if the method cannot fail"
                + " (no remote call, no resource that runs out), the breaker only costs its bookkeeping per call.";
        PredictedGain gain = new PredictedGain(0, "calls", "none measurable: a breaker's bookkeeping per call",
                "a closed breaker that never trips costs one permit check and one outcome record per call;"
                        + " its value is the failure it has not seen yet");
        return Recommendation.of("breaker-idle", Severity.INFO, site.method(), figures, action, null, gain);
    }
}
