package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.GcActivity;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Garbage collection stopping the application: too much of the window spent paused, long pauses, full
 * collections, and collections asked for by {@code System.gc()}.
 */
public final class GcPressureDetector implements Detector {
    /**
     * JMC GcPauseRatioRule: {@code gc.pauseratio.info.limit} 5% and {@code gc.pauseratio.warning.limit}
     * 10% of time paused (JMC takes the worst 60 s window; here it is the window given).
     */
    static final double PAUSE_RATIO_WARNING = 0.05;
    static final double PAUSE_RATIO_CRITICAL = 0.10;
    /** A ratio over fewer collections or a shorter window is noise. */
    static final int MIN_COLLECTIONS = 2;
    static final double MIN_WINDOW_SECONDS = 5;
    /** JMC LongGcPauseRule: {@code gc.pause.info.limit} defaults to 1000 ms. */
    static final long LONG_PAUSE_NANOS = 1_000_000_000L;
    static final long VERY_LONG_PAUSE_NANOS = 5_000_000_000L;
    /** G1's default pause-time goal (-XX:MaxGCPauseMillis), what a tuned collector should reach. */
    static final long PAUSE_GOAL_NANOS = 200_000_000L;

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        GcActivity gc = evidence.gc();
        List<Recommendation> found = new ArrayList<>();
        double ratio = (double) gc.pauseNanos() / evidence.lengthNanos();
        if (gc.collections() >= MIN_COLLECTIONS && evidence.seconds() >= MIN_WINDOW_SECONDS
                && ratio >= PAUSE_RATIO_WARNING) {
            found.add(Recommendation.of("gc-pause-ratio",
                    ratio >= PAUSE_RATIO_CRITICAL ? Severity.CRITICAL : Severity.WARNING, "GC",
                    List.of(Evidence.of("time paused for GC", round1(ratio * 100), "%"),
                            Evidence.of("pause time", round1(gc.pauseNanos() / 1e6), "ms"),
                            Evidence.of("collections", gc.collections(), "collections"),
                            Evidence.of("window", round1(evidence.seconds()), "s")),
                    "The application stood still for GC " + percent(ratio) + " of the time. Allocate less (see"
                            + " the allocation findings), give the young generation more room (-Xmx, -Xmn) or"
                            + " move to a concurrent collector (-XX:+UseZGC).",
                    null,
                    new PredictedGain(round1(ratio / 2 * 100), "% wall time",
                            "-" + percent(ratio / 2) + " time paused (" + FigureText.number(FigureText.round3(
                                    Amdahl.speedup(ratio, 2))) + "x throughput) if GC pauses halve",
                            Amdahl.formula("fraction of time paused for GC", ratio, 2))));
        }
        if (gc.longestPauseNanos() >= LONG_PAUSE_NANOS) {
            double saved = gc.longestPauseNanos() - PAUSE_GOAL_NANOS;
            found.add(Recommendation.of("gc-long-pause",
                    gc.longestPauseNanos() >= VERY_LONG_PAUSE_NANOS ? Severity.CRITICAL : Severity.WARNING,
                    "GC", List.of(Evidence.of("longest pause", round1(gc.longestPauseNanos() / 1e6), "ms"),
                            Evidence.of("collections", gc.collections(), "collections")),
                    "One GC pause took " + FigureText.millis(gc.longestPauseNanos()) + ": every request in"
                            + " flight waited that long. Use G1 with -XX:MaxGCPauseMillis=200 or ZGC, and"
                            + " check the heap is not oversized for the live set.",
                    null,
                    new PredictedGain(round1(saved / 1e6), "ms max latency",
                            "max latency -" + FigureText.millis(saved),
                            "longest pause minus G1's default pause goal (MaxGCPauseMillis = 200 ms)")));
        }
        if (gc.fullCollections() > 0) {
            found.add(Recommendation.of("gc-full", Severity.WARNING, "GC (full collections)",
                    List.of(Evidence.of("full collections", gc.fullCollections(), "collections"),
                            Evidence.of("full GC pause time", round1(gc.fullPauseNanos() / 1e6), "ms")),
                    "The heap filled up and the collector fell back to a full, stop-the-world collection."
                            + " Raise -Xmx or lower the live set; with G1, start marking earlier"
                            + " (-XX:InitiatingHeapOccupancyPercent).",
                    null, pausesRemoved(evidence, gc.fullPauseNanos(), "full collections")));
        }
        if (gc.systemGcCalls() > 0) {
            found.add(Recommendation.of("gc-system-gc", Severity.WARNING, "System.gc()",
                    List.of(Evidence.of("System.gc() collections", gc.systemGcCalls(), "collections"),
                            Evidence.of("their pause time", round1(gc.systemGcPauseNanos() / 1e6), "ms")),
                    "Code calls System.gc(), forcing full collections. Remove the call, or run with"
                            + " -XX:+DisableExplicitGC (keep it for direct-buffer-heavy code: use"
                            + " -XX:+ExplicitGCInvokesConcurrent there).",
                    null, pausesRemoved(evidence, gc.systemGcPauseNanos(), "System.gc() collections")));
        }
        return found;
    }

    private static PredictedGain pausesRemoved(WindowEvidence evidence, long pauseNanos, String what) {
        double perSecond = pauseNanos / evidence.seconds();
        return new PredictedGain(round1(perSecond / 1e6), "ms paused per second",
                "-" + FigureText.millis(perSecond) + " paused per second",
                String.format(Locale.ROOT, "pause time of the %s / window length (%.1f s)", what,
                        evidence.seconds()));
    }
}
