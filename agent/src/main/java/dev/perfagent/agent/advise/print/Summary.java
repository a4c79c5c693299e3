package dev.perfagent.agent.advise.print;

import dev.perfagent.agent.advise.evidence.RecordingOrigin;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import java.util.Locale;

/**
 * One line about a recording: what wrote it when that was not the JDK (async-profiler, its version and what
 * it sampled), then its window: how long, how many CPUs, how much evidence of each kind.
 */
final class Summary {
    private Summary() {
    }

    static String of(AnalysisReport report) {
        RecordingOrigin origin = report.recording().origin();
        String window = of(report.evidence());
        long wall = report.recording().wallClock().samples();
        if (wall > 0) {
            window += ", " + wall + " wall-clock samples (apart from CPU)";
        }
        return origin.isAsyncProfiler() ? "recorded by " + origin.describe() + ", " + window : window;
    }

    static String of(WindowEvidence evidence) {
        return String.format(Locale.ROOT,
                "window %.1f s, %s CPUs, %d CPU samples, %d allocation samples, %d GCs, %d lock waits, %d slow IO"
                        + " calls, %d throwables",
                evidence.seconds(), evidence.processors() > 0 ? Integer.toString(evidence.processors()) : "?",
                evidence.cpu().samples(), evidence.allocations().samples(), evidence.gc().collections(),
                lockWaits(evidence), ioCalls(evidence), Math.max(0, evidence.exceptions().count()));
    }

    private static long lockWaits(WindowEvidence evidence) {
        long count = 0;
        for (var sites : evidence.contention().monitors().values()) {
            count += sites.values().stream().mapToLong(s -> s.count()).sum();
        }
        for (var sites : evidence.contention().parks().values()) {
            count += sites.values().stream().mapToLong(s -> s.count()).sum();
        }
        return count;
    }

    private static long ioCalls(WindowEvidence evidence) {
        return evidence.io().socketByEndpoint().values().stream().mapToLong(s -> s.count()).sum()
                + evidence.io().fileByPath().values().stream().mapToLong(s -> s.count()).sum();
    }
}
