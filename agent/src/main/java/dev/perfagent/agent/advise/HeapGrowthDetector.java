package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.round1;
import static dev.perfagent.agent.advise.FigureText.round3;

import dev.perfagent.agent.advise.evidence.Allocations;
import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.agent.advise.evidence.GcActivity;
import dev.perfagent.agent.advise.evidence.HeapPoint;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A live set that keeps growing: a least-squares line through the heap in use after each collection.
 * A steady upward line is the signature of a leak; the line's slope against the room left in the heap
 * forecasts when the JVM runs out of memory. The leak candidate is the allocation site of most bytes among the objects JFR's
 * leak profiler ({@code jdk.OldObjectSample}) sampled and found still alive; without {@value #MIN_SURVIVOR_SAMPLES} such samples, the heaviest
 * allocation stack (a weaker guess: the bytes that stay are not necessarily the bytes allocated most). Live,
 * the series spans the last half hour of windows ({@link HeapHistory}).
 */
public final class HeapGrowthDetector implements Detector {
    /** Fewer points, or a shorter span, cannot tell a trend from a GC cycle. */
    static final int MIN_POINTS = 5;
    static final Duration MIN_SPAN = Duration.ofSeconds(30);
    /**
     * A line that leaves the heap an hour or more must span this long: a service's first minutes (caches and
     * pools filling, classes loading) climb like a slow leak, and a slow leak can wait for stronger evidence.
     */
    static final Duration SLOW_GROWTH_MIN_SPAN = Duration.ofMinutes(10);
    /** How much of the variance the line must explain before it is called a trend. */
    static final double MIN_R_SQUARED = 0.6;
    /** Growth over the span below this share of the mean heap after GC is noise. */
    static final double MIN_GROWTH_OF_MEAN = 0.05;
    static final Duration CRITICAL_TIME_TO_OOM = Duration.ofHours(1);
    static final Duration WARNING_TIME_TO_OOM = Duration.ofHours(24);
    /**
     * Fewer survivors than this name a site by chance: just after the leak profiler starts, its one or two
     * samples may be the small objects that ride along with the leak (a map key) rather than its bulk.
     */
    static final int MIN_SURVIVOR_SAMPLES = 10;

    @Override
    public List<Recommendation> detect(WindowEvidence evidence) {
        GcActivity gc = evidence.gc();
        Trend trend = Trend.of(gc);
        if (trend == null) {
            return List.of();
        }
        List<HeapPoint> points = gc.heapAfterGc();
        Line line = trend.line();
        double slope = line.slope();
        double r2 = line.r2();
        double hours = trend.hoursToOutOfMemory();
        List<Evidence> figures = new ArrayList<>(List.of(
                Evidence.of("heap growth after GC", round1(slope * 60 / 1048576), "MB/min"),
                Evidence.of("fit of the line (R²)", round3(r2), "R²"),
                Evidence.of("heap after GC, first", round1(points.get(0).usedBytes() / 1048576.0), "MB"),
                Evidence.of("heap after GC, last", round1(points.get(points.size() - 1).usedBytes() / 1048576.0),
                        "MB"),
                Evidence.of("collections in the fit", points.size(), "points")));
        Severity severity = Severity.INFO;
        String forecast = "";
        if (gc.maxHeapBytes() > 0) {
            figures.add(Evidence.of("max heap", round1(gc.maxHeapBytes() / 1048576.0), "MB"));
            figures.add(Evidence.of("time to out-of-memory", round1(hours), "h"));
            severity = hours * 3600 < CRITICAL_TIME_TO_OOM.toSeconds() ? Severity.CRITICAL
                    : hours * 3600 < WARNING_TIME_TO_OOM.toSeconds() ? Severity.WARNING : Severity.INFO;
            forecast = String.format(Locale.ROOT, " At this rate the heap is full in about %.1f h.", hours);
        }
        Allocations allocations = evidence.allocations();
        // The leak profiler's survivors name where the growing live set was allocated; without enough of them the
        // heaviest allocation is only a guess (the bytes that stay are not always the bytes allocated most).
        long survivors = allocations.survivors();
        String site;
        String stack;
        String candidate;
        if (allocations.survivorSamples() >= MIN_SURVIVOR_SAMPLES) {
            site = CpuProfile.ranked(allocations.survivorsBySite()).get(0);
            stack = CpuProfile.ranked(allocations.survivorsByStack()).get(0);
            long atSite = allocations.survivorsBySite().get(site);
            figures.add(Evidence.of("bytes of sampled survivors allocated there", atSite, "B"));
            figures.add(Evidence.of("bytes of sampled survivors", survivors, "B"));
            figures.add(Evidence.of("sampled survivors", allocations.survivorSamples(), "objects"));
            candidate = String.format(Locale.ROOT, " Leak candidate: %s of the objects JFR's leak profiler sampled"
                    + " and found still alive (%d of %d bytes) were allocated at %s (%s).",
                    FigureText.percent((double) atSite / survivors), atSite, survivors, site, stack);
        } else {
            site = allocations.sitesByBytes().isEmpty() ? null : allocations.sitesByBytes().get(0);
            stack = allocations.heaviestStack();
            candidate = stack == null ? "" : " Leak candidate, the heaviest allocation stack: " + stack + ".";
            if (allocations.survivorSamples() > 0) {
                candidate += String.format(Locale.ROOT, " JFR's leak profiler has found %d sampled objects still"
                        + " alive so far, too few to name where the live set comes from (it takes %d).",
                        allocations.survivorSamples(), MIN_SURVIVOR_SAMPLES);
            }
        }
        String action = "The heap left after each collection grows by " + FigureText.megabytes(slope * 60)
                + " a minute." + forecast + " Take a heap dump (jcmd <pid> GC.heap_dump) and look for collections"
                + " that only grow (caches without a bound, listeners never removed)." + candidate;
        return List.of(Recommendation.of("heap-growth", severity, site == null ? "heap" : site, figures, action,
                null, new PredictedGain(round1(slope * 60 / 1048576), "MB/min heap growth",
                        "-" + FigureText.megabytes(slope * 60) + "/min live-set growth (no out-of-memory)",
                        "least-squares line through the heap after GC: slope b, R²; time to out-of-memory = (max"
                                + " heap - fitted heap now) / b")));
    }

    /**
     * Whether the heap after GC grows as a finding needs it to (the gates of {@link #detect}): reason enough to
     * run JFR's leak profiler, which takes a stack trace at allocations on the host's threads. A looser test
     * (any climb of three collections) had it run on healthy services, whose heap after young collections
     * climbs for minutes as objects are promoted, at a cost of several percent of their throughput.
     */
    public static boolean leakSuspected(GcActivity gc) {
        return Trend.of(gc) != null;
    }

    /** A line through the heap after GC that passes every gate of a finding, and when it reaches the max heap. */
    private record Trend(Line line, double hoursToOutOfMemory) {
        /** The trend, or null where the points do not show one. */
        static Trend of(GcActivity gc) {
            List<HeapPoint> points = gc.heapAfterGc();
            if (points.size() < MIN_POINTS) {
                return null;
            }
            Line line = Line.through(points);
            if (line == null || line.span() < MIN_SPAN.toSeconds()) {
                return null;
            }
            double span = line.span();
            double slope = line.slope();
            if (slope <= 0 || line.r2() < MIN_R_SQUARED || slope * span < MIN_GROWTH_OF_MEAN * line.meanBytes()) {
                return null;
            }
            double hours = gc.maxHeapBytes() > 0 ? Math.max(0, gc.maxHeapBytes() - line.fittedAtEnd()) / slope / 3600
                    : Double.POSITIVE_INFINITY;
            if (hours * 3600 >= CRITICAL_TIME_TO_OOM.toSeconds() && span < SLOW_GROWTH_MIN_SPAN.toSeconds()) {
                return null;
            }
            return new Trend(line, hours);
        }
    }

    /** The least-squares line through the heap after GC: bytes per second, fit, span and mean. */
    private record Line(double slope, double r2, double span, double meanSeconds, double meanBytes) {
        /** The line, or null where it is undefined (one instant, or a flat heap). */
        static Line through(List<HeapPoint> points) {
            double t0 = seconds(points.get(0));
            double n = points.size();
            double sx = 0;
            double sy = 0;
            for (HeapPoint p : points) {
                sx += seconds(p) - t0;
                sy += p.usedBytes();
            }
            double mx = sx / n;
            double my = sy / n;
            double sxx = 0;
            double sxy = 0;
            double syy = 0;
            for (HeapPoint p : points) {
                double dx = seconds(p) - t0 - mx;
                double dy = p.usedBytes() - my;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }
            if (sxx == 0 || syy == 0) {
                return null;
            }
            return new Line(sxy / sxx, sxy * sxy / (sxx * syy), seconds(points.get(points.size() - 1)) - t0, mx, my);
        }

        double fittedAtEnd() {
            return meanBytes + slope * (span - meanSeconds);
        }
    }

    private static double seconds(HeapPoint point) {
        return point.time().getEpochSecond() + point.time().getNano() / 1e9;
    }
}
