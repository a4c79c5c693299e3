package dev.perfagent.agent.advise.print;

import static dev.perfagent.agent.advise.print.RecommendationHtml.escape;

import dev.perfagent.agent.advise.jmc.JmcVerdict;

/** An {@link AnalysisReport} as one self-contained HTML page: inline style, no scripts, nothing fetched. */
public final class HtmlReport {

    private HtmlReport() {
    }

    /** The report as an HTML page. */
    public static String render(AnalysisReport report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>perf-agent analyze: ")
                .append(escape(report.source())).append("</title><style>").append(RecommendationHtml.STYLE)
                .append("</style></head><body>\n<h1>perf-agent analyze: ").append(escape(report.source()))
                .append("</h1>\n<p class=\"muted\">").append(escape(Summary.of(report))).append("</p>\n");
        if (report.recommendations().isEmpty()) {
            out.append("<p>No recommendations: nothing over the thresholds.</p>\n");
        }
        RecommendationHtml.append(out, report.recommendations());
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
}
