package dev.perfagent.agent.report;

import dev.perfagent.agent.advise.print.TextReport;
import dev.perfagent.agent.profile.SampleKind;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.Recommendation;
import java.util.Locale;

/**
 * A {@link LiveReport} as Markdown: one section per recommendation with its evidence table and config
 * snippet, then for each kind of the latest window's stacks the heaviest ones with their samples and
 * shares in a fenced block.
 */
public final class LiveReportMarkdown {
    private final int stacksPerKind;

    /** @param stacksPerKind how many of each kind's heaviest stacks to list */
    public LiveReportMarkdown(int stacksPerKind) {
        this.stacksPerKind = stacksPerKind;
    }

    /** The 20 heaviest stacks of each kind. */
    public static LiveReportMarkdown standard() {
        return new LiveReportMarkdown(20);
    }

    /** The report as Markdown, ending with a line break. */
    public String render(LiveReport report) {
        StringBuilder out = new StringBuilder(16 * 1024);
        out.append("# perf-agent report: ").append(inline(report.service())).append("\n\n")
                .append("Generated ").append(report.generatedAt()).append(" by perf-agent.\n\n")
                .append(inline(ReportText.profiling(report))).append("\n\n")
                .append("## Recommendations\n\n").append(inline(ReportText.advice(report.advice()))).append('\n');
        int n = 0;
        for (Recommendation r : report.advice().recommendations()) {
            appendRecommendation(out, ++n, r);
        }
        for (SampleKind kind : LiveReport.KINDS) {
            String stacks = report.stacks().get(kind);
            if (stacks != null) {
                appendStacks(out, kind, HeaviestStacks.of(stacks, stacksPerKind));
            }
        }
        return out.toString();
    }

    private static void appendRecommendation(StringBuilder out, int n, Recommendation r) {
        out.append("\n### ").append(n).append(". ").append(r.severity()).append(' ').append(inline(r.kind()))
                .append(" at ").append(code(r.where())).append("\n\n")
                .append(inline(r.action())).append("\n\n")
                .append("**Gain:** ").append(inline(r.gain().summary())).append(" (").append(inline(r.gain().formula()))
                .append(")\n\n");
        if (!r.evidence().isEmpty()) {
            out.append("| evidence | value |\n|---|---|\n");
            for (Evidence e : r.evidence()) {
                out.append("| ").append(inline(e.name())).append(" | ")
                        .append(inline(TextReport.figure(e).substring(e.name().length() + 1))).append(" |\n");
            }
            out.append('\n');
        }
        if (r.config() != null) {
            String fence = fence(r.config());
            out.append(fence).append("yaml\n").append(r.config().strip()).append('\n').append(fence).append("\n\n");
        }
        out.append("id: ").append(code(r.id())).append('\n');
    }

    private static void appendStacks(StringBuilder out, SampleKind kind, HeaviestStacks heaviest) {
        out.append("\n## ").append(LiveReport.title(kind)).append(": ").append(heaviest.total())
                .append(" samples\n\nThe ").append(heaviest.stacks().size())
                .append(" heaviest stack(s) of the latest window, root first (every stack: /profile/")
                .append(kind.key()).append(").\n\n");
        StringBuilder block = new StringBuilder();
        block.append("samples   share  stack\n");
        for (HeaviestStacks.Stack stack : heaviest.stacks()) {
            block.append(String.format(Locale.ROOT, "%7d  %5.1f%%  ", stack.samples(), heaviest.percent(stack)))
                    .append(stack.frames()).append('\n');
        }
        String fence = fence(block.toString());
        out.append(fence).append('\n').append(block).append(fence).append('\n');
    }

    /** Text in a paragraph or table cell: one line, with Markdown's and HTML's special characters escaped. */
    static String inline(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '<', '>', '|' -> out.append('\\').append(c);
                // Only at the start of a line does '#' open a heading; Foo#bar stays readable.
                case '#' -> out.append(i == 0 ? "\\#" : "#");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Text as a code span, its delimiters longer than any run of backticks inside. */
    static String code(String text) {
        String ticks = "`".repeat(longestRun(text, '`') + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return ticks + pad + text.replace('\n', ' ') + pad + ticks;
    }

    /** A code fence longer than any run of backticks in {@code content}, at least three. */
    static String fence(String content) {
        return "`".repeat(Math.max(3, longestRun(content, '`') + 1));
    }

    private static int longestRun(String text, char c) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
