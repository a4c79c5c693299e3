package dev.perfagent.agent.advise.print;

import dev.perfagent.agent.advise.jmc.JmcVerdict;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.Recommendation;

/** An {@link AnalysisReport} as one self-contained HTML page: inline style, no scripts, nothing fetched. */
public final class HtmlReport {
    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:70em;"
            + "color:#222}h1{font-size:1.4em}.rec{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;"
            + "margin:1em 0}.CRITICAL{border-left:8px solid #c62828}.WARNING{border-left:8px solid #ef8f00}"
            + ".INFO{border-left:8px solid #1e88e5}.sev{font-weight:bold}.where{font-family:monospace}"
            + "table{border-collapse:collapse}td{padding:1px 10px 1px 0}pre{background:#f4f4f4;padding:.5em}"
            + ".gain{font-weight:bold;color:#2e7d32}.muted{color:#777}";

    private HtmlReport() {
    }

    /** The report as an HTML page. */
    public static String render(AnalysisReport report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>perf-agent analyze: ")
                .append(escape(report.source())).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n<h1>perf-agent analyze: ").append(escape(report.source()))
                .append("</h1>\n<p class=\"muted\">").append(escape(Summary.of(report))).append("</p>\n");
        if (report.recommendations().isEmpty()) {
            out.append("<p>No recommendations: nothing over the thresholds.</p>\n");
        }
        for (Recommendation r : report.recommendations()) {
            out.append("<div class=\"rec ").append(r.severity()).append("\"><p><span class=\"sev\">")
                    .append(r.severity()).append("</span> ").append(escape(r.kind())).append(" &mdash; <span class=")
                    .append("\"where\">").append(escape(r.where())).append("</span></p>\n<p>")
                    .append(escape(r.action())).append("</p>\n<p class=\"gain\">").append(escape(r.gain().summary()))
                    .append("</p><p class=\"muted\">").append(escape(r.gain().formula())).append("</p>\n<table>");
            for (Evidence e : r.evidence()) {
                out.append("<tr><td>").append(escape(e.name())).append("</td><td>")
                        .append(escape(TextReport.figure(e).substring(e.name().length() + 1))).append("</td></tr>");
            }
            out.append("</table>\n");
            if (r.config() != null) {
                out.append("<pre>").append(escape(r.config())).append("</pre>\n");
            }
            out.append("<p class=\"muted\">").append(escape(r.id())).append("</p></div>\n");
        }
        if (report.jmc() != null) {
            out.append("<h2>JDK Mission Control says</h2>\n<p class=\"muted\">Its automated analysis: a 0-100 score"
                    + " per rule, no predicted gain.</p>\n<table>");
            for (JmcVerdict v : report.jmc()) {
                out.append("<tr><td class=\"sev\">").append(escape(v.severity())).append("</td><td>")
                        .append(escape(v.ruleName())).append("</td><td>")
                        .append(v.score() >= 0 ? Math.round(v.score()) : "").append("</td><td>")
                        .append(escape(v.summary())).append("</td></tr>");
            }
            out.append("</table>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
