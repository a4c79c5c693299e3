package dev.perfagent.agent.report;

import dev.perfagent.export.report.AdviceReport;
import dev.perfagent.export.report.ProfilingStatus;
import java.util.Locale;

/** The sentences both report formats open with: how the profile was taken, and what the advice's state means. */
final class ReportText {
    private ReportText() {
    }

    /** The profiler in one sentence: engine, mode, interval, window, windows analysed, overhead, last problem. */
    static String profiling(LiveReport report) {
        ProfilingStatus p = report.profiling();
        if (p == null) {
            return "Profiling is off (no profiling section in the config): no profile, and no recommendations from"
                    + " profiling windows. Turn it on with 'profiling: {}'.";
        }
        StringBuilder out = new StringBuilder("Profiling with ").append(p.engine());
        if (!p.mode().equals(p.engine()) && !"none".equals(p.mode())) {
            out.append(" (").append(p.mode()).append(')');
        }
        out.append(String.format(Locale.ROOT, ", every %s ms, in windows of %s s; %d window(s) so far",
                number(p.intervalMs()), number(p.windowSeconds()), p.windows()));
        if (!Double.isNaN(p.lastOverheadPercent())) {
            out.append(String.format(Locale.ROOT, "; overhead %.2f%% of the process's CPU in the last",
                    p.lastOverheadPercent()));
        }
        out.append('.');
        if (p.cpuSharesApproximate()) {
            out.append(" CPU samples come from JFR (safepoint-biased): shares between methods are approximate.");
        }
        if (p.lastError() != null) {
            out.append(" Last problem: ").append(p.lastError()).append('.');
        }
        return out.toString();
    }

    /** Which window the recommendations come from, or why there are none. */
    static String advice(AdviceReport advice) {
        return switch (advice.state()) {
            case "off" -> "No recommendations: profiling is off.";
            case "waiting" -> "No recommendations yet: the first profiling window has not ended.";
            default -> (advice.recommendations().isEmpty()
                    ? "No recommendations: nothing over the thresholds in the latest window"
                    : advice.recommendations().size() + " recommendation(s) from the latest window, most important first")
                    + " (" + advice.windowStart() + " to " + advice.windowEnd() + ", window " + advice.windows() + ").";
        };
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
