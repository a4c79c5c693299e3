package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.agent.advise.evidence.Exceptions;
import dev.perfagent.agent.advise.evidence.SampledShare;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Exceptions thrown so often they cost real CPU: each one walks the stack to fill in its trace. The gain
 * is the CPU share the samples show in {@code Throwable.fillInStackTrace} when the window has CPU
 * samples, else the exception rate itself.
 */
public final class ExceptionStormDetector implements Detector {
    /** Fewer throwables than this in a window are no storm, whatever the rate. */
    static final long MIN_COUNT = 100;
    static final double INFO_PER_SECOND = 1000;
    /** JMC ExceptionRule: {@code exception.info.limit} 5000/s, {@code exception.warning.limit} 10000/s. */
    static final double WARNING_PER_SECOND = 5000;
    static final double CRITICAL_PER_SECOND = 10000;
    private static final String FILL_IN = "java.lang.Throwable#fillInStackTrace";

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        Exceptions exceptions = evidence.exceptions();
        long count = exceptions.count();
        double rate = count / evidence.seconds();
        if (count < MIN_COUNT || rate < INFO_PER_SECOND) {
            return List.of();
        }
        Severity severity = rate >= CRITICAL_PER_SECOND ? Severity.CRITICAL
                : rate >= WARNING_PER_SECOND ? Severity.WARNING : Severity.INFO;
        // Throw events name the site when they cover the storm; by default only errors are events, and then
        // the CPU samples inside fillInStackTrace say which application frame throws.
        boolean eventsCoverIt = exceptions.thrownEvents() + exceptions.errors() >= count / 2;
        Map<String, Long> bySite = eventsCoverIt || exceptions.bySampledSite().isEmpty()
                ? exceptions.bySite() : exceptions.bySampledSite();
        List<String> sites = CpuProfile.ranked(bySite);
        List<String> classes = eventsCoverIt ? CpuProfile.ranked(exceptions.byClass()) : List.of();
        String site = sites.isEmpty() ? null : sites.get(0);
        List<Evidence> figures = new ArrayList<>(List.of(
                Evidence.of("throwables per second", round1(rate), "/s"),
                Evidence.of("throwables in window", count, "throwables")));
        if (site != null) {
            figures.add(Evidence.of((bySite == exceptions.bySite() ? "share thrown at " : "share of stack-walk CPU at ")
                    + site, round1(100.0 * bySite.get(site) / Math.max(1, bySite.values().stream()
                            .mapToLong(Long::longValue).sum())), "%"));
        }
        CpuProfile cpu = evidence.cpu();
        PredictedGain gain;
        if (cpu.samples() >= HotMethodDetector.MIN_SAMPLES && cpu.total().containsKey(FILL_IN)) {
            SampledShare share = cpu.totalShare(FILL_IN);
            figures.add(new Evidence("CPU samples in fillInStackTrace", round1(share.fraction() * 100), "%",
                    round1(share.low() * 100), round1(share.high() * 100)));
            gain = new PredictedGain(round1(share.fraction() * 100), "% CPU", "-" + percent(share.fraction()) + " CPU",
                    "share of CPU samples with Throwable.fillInStackTrace on the stack, all of it saved when the"
                            + " exceptions are not created");
        } else {
            gain = new PredictedGain(round1(rate), "exceptions/s",
                    String.format(Locale.ROOT, "-%.0f exceptions/s", rate),
                    "the throwables per second of the window, each one a stack walk saved");
        }
        String action = (site == null
                ? "The application throws " + Math.round(rate) + " throwables a second. Turn on"
                        + " jdk.JavaExceptionThrow in the recording to see where."
                : "The application throws " + Math.round(rate) + " throwables a second, most at " + site
                        + (classes.isEmpty() ? "" : " (" + classes.get(0) + ")") + ".")
                + " Do not use exceptions for control flow: check before the call, or throw a preallocated"
                + " exception without a stack trace (writableStackTrace = false).";
        return List.of(Recommendation.of("exception-storm", severity, site == null ? "exceptions" : site, figures,
                action, null, gain));
    }
}
