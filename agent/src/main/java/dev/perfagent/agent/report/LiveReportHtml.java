package dev.perfagent.agent.report;

import static dev.perfagent.agent.advise.print.RecommendationHtml.escape;

import dev.perfagent.agent.advise.print.RecommendationHtml;
import dev.perfagent.agent.profile.SampleKind;

/**
 * A {@link LiveReport} as one self-contained HTML page: inline style, no script, nothing fetched. The
 * recommendations are drawn as {@code perf-agent analyze} draws them; each kind of the latest window's
 * stacks as a flame graph in inline SVG ({@link FlameGraphSvg}).
 */
public final class LiveReportHtml {
    private static final String STYLE = ".flame rect{stroke:#fff;stroke-width:.5}.flame text{pointer-events:none}"
            + ".flame g:hover rect{stroke:#000}svg.flame{border:1px solid #ddd;max-width:100%}";

    private final FlameGraphSvg flameGraphs;

    /** @param flameGraphs draws each kind's stacks */
    public LiveReportHtml(FlameGraphSvg flameGraphs) {
        this.flameGraphs = flameGraphs;
    }

    /** Flame graphs as {@link FlameGraphSvg#standard()} draws them. */
    public static LiveReportHtml standard() {
        return new LiveReportHtml(FlameGraphSvg.standard());
    }

    /** The report as an HTML page, ending with {@code </html>} and a line break. */
    public String render(LiveReport report) {
        StringBuilder out = new StringBuilder(64 * 1024);
        String service = escape(report.service());
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>perf-agent report: ")
                .append(service).append("</title><style>").append(RecommendationHtml.STYLE).append(STYLE)
                .append("</style></head><body>\n<h1>perf-agent report: ").append(service).append("</h1>\n")
                .append("<p class=\"muted\">Generated ").append(report.generatedAt()).append(" by perf-agent.</p>\n")
                .append("<p>").append(escape(ReportText.profiling(report))).append("</p>\n")
                .append("<h2>Recommendations</h2>\n<p>").append(escape(ReportText.advice(report.advice())))
                .append("</p>\n");
        RecommendationHtml.append(out, report.advice().recommendations());
        if (!report.stacks().isEmpty()) {
            out.append("<h2>Flame graphs of the latest window</h2>\n<p class=\"muted\">The root on top, callees below"
                    + " their callers; a frame's width is its share of the samples. Hover over a frame for its name,"
                    + " samples and share.</p>\n");
        }
        for (SampleKind kind : LiveReport.KINDS) {
            String stacks = report.stacks().get(kind);
            if (stacks != null) {
                appendFlameGraph(out, kind, FrameTree.fromCollapsed(stacks));
            }
        }
        return out.append("</body></html>\n").toString();
    }

    private void appendFlameGraph(StringBuilder out, SampleKind kind, FrameTree tree) {
        FlameGraphSvg.Drawing drawing = flameGraphs.render(tree);
        out.append("<h3>").append(escape(LiveReport.title(kind))).append(": ").append(tree.total())
                .append(" samples</h3>\n").append(drawing.svg()).append('\n');
        if (drawing.leftOut() > 0) {
            out.append("<p class=\"muted\">").append(drawing.leftOut()).append(" narrow frame(s) left out with their"
                    + " callees (under the size drawn, or over the count); /profile/").append(kind.key())
                    .append(" has every stack.</p>\n");
        }
    }
}
