package dev.perfagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.profile.SampleKind;
import dev.perfagent.export.report.AdviceReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveReportMarkdownTest {

    @Test
    void recommendationsAsSectionsWithEvidenceTablesAndTheHeaviestStacksFenced() {
        String md = LiveReportMarkdown.standard().render(ReportSamples.ready());
        assertTrue(md.startsWith("# perf-agent report: check\\<out\\>\n"), md);
        assertTrue(md.contains("\n### 1. WARNING hot-method at `app.HotLoop#checksum`\n"), md);
        assertTrue(md.contains("90% of CPU \\<runs\\> here &amp; nowhere else \\| really"), md);
        assertTrue(md.contains("**Gain:** -45% CPU (Amdahl: 1/((1-p)+p/s) with p = 0.9, s = 2)"), md);
        assertTrue(md.contains("| evidence | value |\n|---|---|\n| self share of CPU samples | 90% \\[95% CI 84-94%\\] |\n"
                + "| samples | 100 samples |\n"), md);
        assertTrue(md.contains("```yaml\nrules:\n  - name: x\n```\n"), md);
        assertTrue(md.contains("\n## CPU (samples of threads on CPU): 100 samples\n"), md);
        assertTrue(md.contains("```\nsamples   share  stack\n"
                + "     90   90.0%  java.lang.Thread#run;app.HotLoop#checksum\n"
                + "     10   10.0%  java.lang.Thread#run;app.Box<T>#put\n```\n"), md);
        assertTrue(md.indexOf("## CPU") < md.indexOf("## Allocation"), md);
        assertFalse(md.contains("## Lock"), md);
    }

    @Test
    void onlyTheHeaviestStacksAreListed() {
        StringBuilder cpu = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            cpu.append("main;f").append(i).append(' ').append(i).append('\n');
        }
        LiveReport report = new LiveReport("s", ReportSamples.NOW, AdviceReport.off("s"), null,
                Map.of(SampleKind.CPU, cpu.toString()));
        String md = new LiveReportMarkdown(3).render(report);
        assertTrue(md.contains("     30    6.5%  main;f30\n     29    6.2%  main;f29\n     28    6.0%  main;f28\n```"),
                md);
        assertFalse(md.contains("main;f27"), md);
        assertTrue(md.contains("The 3 heaviest stack(s)"), md);
    }

    @Test
    void withoutProfilingTheReportSaysSo() {
        String md = LiveReportMarkdown.standard().render(ReportSamples.profilingOff());
        assertTrue(md.contains("Profiling is off"), md);
        assertTrue(md.contains("No recommendations: profiling is off.\n"), md);
        assertFalse(md.contains("```"), md);
    }

    @Test
    void codeAndFencesOutgrowTheBackticksInside() {
        assertEquals("`` a`b ``".replace(" ", ""), LiveReportMarkdown.code("a`b"));
        assertEquals("````", LiveReportMarkdown.fence("x ``` y"));
        assertEquals("\\# a#b \\* \\_", LiveReportMarkdown.inline("# a#b * _"));
    }
}
