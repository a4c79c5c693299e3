package dev.perfagent.agent.advise.print;

import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.advise.jmc.JmcVerdict;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.Recommendation;
import java.util.Locale;

/** An {@link AnalysisReport} as plain text: a headline per recommendation, then its details indented. */
public final class TextReport {
    private TextReport() {
    }

    /** The report as text, ending with a line break. */
    public static String render(AnalysisReport report) {
        WindowEvidence evidence = report.evidence();
        StringBuilder out = new StringBuilder();
        out.append(report.source()).append(": ").append(Summary.of(report)).append('\n');
        if (report.recommendations().isEmpty()) {
            out.append("No recommendations: nothing over the thresholds (see docs/recommendations.md).\n");
            return appendJmc(report, out).toString();
        }
        out.append(report.recommendations().size()).append(" recommendation(s), most important first:\n");
        int n = 0;
        for (Recommendation r : report.recommendations()) {
            out.append('\n').append(++n).append(". ").append(r.severity()).append("  ").append(r.kind())
                    .append("  ").append(r.where());
            if (!r.evidence().isEmpty()) {
                out.append("  ").append(figure(r.evidence().get(0)));
            }
            out.append("  => ").append(r.gain().summary()).append('\n');
            out.append("   action:   ").append(r.action()).append('\n');
            out.append("   evidence: ");
            for (int i = 0; i < r.evidence().size(); i++) {
                out.append(i == 0 ? "" : "; ").append(figure(r.evidence().get(i)));
            }
            out.append('\n');
            out.append("   gain:     ").append(r.gain().summary()).append(" (").append(r.gain().formula())
                    .append(")\n");
            if (r.config() != null) {
                out.append("   config:\n");
                r.config().lines().forEach(line -> out.append("     ").append(line).append('\n'));
            }
            out.append("   id:       ").append(r.id()).append('\n');
        }
        return appendJmc(report, out).toString();
    }

    private static StringBuilder appendJmc(AnalysisReport report, StringBuilder out) {
        if (report.jmc() == null) {
            return out;
        }
        out.append("\nJDK Mission Control says (its automated analysis: a 0-100 score per rule, no predicted gain):\n");
        if (report.jmc().isEmpty()) {
            out.append("  nothing at INFO or WARNING.\n");
        }
        for (JmcVerdict v : report.jmc()) {
            out.append("  ").append(v.severity()).append("  ").append(v.ruleName())
                    .append(v.score() >= 0 ? String.format(Locale.ROOT, " (score %.0f)", v.score()) : "")
                    .append(": ").append(v.summary().replace('\n', ' ')).append('\n');
        }
        return out;
    }

    /** One evidence figure in words: name, value and unit, and the 95% interval where it is sampled. */
    public static String figure(Evidence e) {
        String value = number(e.value());
        String unit = e.unit().equals("%") ? "%" : " " + e.unit();
        String text = e.name() + " " + value + unit;
        if (e.low() != null && e.high() != null) {
            text += " [95% CI " + number(e.low()) + "-" + number(e.high()) + (e.unit().equals("%") ? "%" : "") + "]";
        }
        return text;
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
