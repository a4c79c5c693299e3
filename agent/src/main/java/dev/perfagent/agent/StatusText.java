package dev.perfagent.agent;

import dev.perfagent.export.report.SiteStatus;
import dev.perfagent.export.report.StatusReport;
import java.util.Locale;

/** Renders a {@link StatusReport} as the table {@code perf-agent status PID} prints. */
final class StatusText {
    private StatusText() {
    }

    static String render(StatusReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "perf-agent %s in pid %d (%s since %s), Java %s%n",
                report.agentVersion(), report.pid(), report.startMode(), report.startedAt(), report.javaVersion()));
        out.append(String.format(Locale.ROOT, "service %s, config %s%n", report.service(), report.config()));
        if (report.self() != null) {
            out.append(String.format(Locale.ROOT, "%d method(s) woven in %d class(es); agent faults %d; weave time %.1f ms; HTTP %s%n",
                    report.self().sites(), report.self().wovenClasses(), report.self().faults(),
                    report.self().weaveNanos() / 1e6,
                    report.self().httpAddress() == null ? "off" : "http://" + report.self().httpAddress() + "/"));
        }
        for (String note : report.notes()) {
            out.append(note).append(System.lineSeparator());
        }
        if (!report.sites().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-4s %-16s %10s %8s %8s %9s %9s %9s %9s  %s%n",
                    "SITE", "RULE", "CALLS", "ERRORS", "SLO-MISS", "P50(ms)", "P99(ms)", "P999(ms)", "SLO(ms)", "METHOD"));
            for (SiteStatus site : report.sites()) {
                out.append(String.format(Locale.ROOT, "%-4d %-16s %10d %8d %8d %9s %9s %9s %9s  %s%n",
                        site.id(), site.rule(), site.calls(), site.errors(), site.sloViolations(), millis(site.p50Ms()),
                        millis(site.p99Ms()), millis(site.p999Ms()), site.sloMs() == null ? "-" : millis(site.sloMs()),
                        site.method()));
            }
        }
        return out.toString().stripTrailing();
    }

    /** Milliseconds with three decimals; "-" when there is no figure yet (no call in the window). */
    private static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.3f", ms);
    }
}
