package dev.perfagent.agent.advise.print;

import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.Recommendation;
import java.util.List;

/**
 * Ranked recommendations as HTML, shared by the pages of {@code perf-agent analyze} and of the live
 * agent's report: one bordered block per finding, coloured by severity, with its action, gain, evidence
 * table and config snippet.
 */
public final class RecommendationHtml {
    /** The CSS the blocks need (and a plain page style around them), for the page's {@code <style>}. */
    public static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:70em;"
            + "color:#222}h1{font-size:1.4em}.rec{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;"
            + "margin:1em 0}.CRITICAL{border-left:8px solid #c62828}.WARNING{border-left:8px solid #ef8f00}"
            + ".INFO{border-left:8px solid #1e88e5}.sev{font-weight:bold}.where{font-family:monospace}"
            + "table{border-collapse:collapse}td{padding:1px 10px 1px 0}pre{background:#f4f4f4;padding:.5em}"
            + ".gain{font-weight:bold;color:#2e7d32}.muted{color:#777}";

    private RecommendationHtml() {
    }

    /** Appends one block per recommendation, in the given order. */
    public static void append(StringBuilder out, List<Recommendation> recommendations) {
        for (Recommendation r : recommendations) {
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
    }

    /** {@code text} safe inside HTML elements and quoted attributes. */
    public static String escape(String text) {
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
