package dev.perfagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LiveReportHtmlTest {

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void onePageWithTheServiceTheProfilerTheRecommendationsAndAFlameGraphPerKind() {
        String html = LiveReportHtml.standard().render(ReportSamples.ready());
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.endsWith("</html>\n"), html);
        assertTrue(html.contains("<title>perf-agent report: check&lt;out&gt;</title>"), html);
        assertTrue(html.contains("Generated 2024-05-01T10:00:07Z"), html);
        assertTrue(html.contains("Profiling with async-profiler (itimer), every 10 ms, in windows of 3 s; 2 window(s)"),
                html);
        assertTrue(html.contains("1 recommendation(s) from the latest window"), html);
        // The recommendation as analyze draws it, escaped.
        assertTrue(html.contains("<div class=\"rec WARNING\">"), html);
        assertTrue(html.contains("<span class=\"where\">app.HotLoop#checksum</span>"), html);
        assertTrue(html.contains("90% of CPU &lt;runs&gt; here &amp; nowhere else"), html);
        assertTrue(html.contains("<td>self share of CPU samples</td><td>90% [95% CI 84-94%]</td>"), html);
        // CPU and allocation drawn, CPU first; the empty lock profile is not.
        assertEquals(2, count(html, "<svg "), html);
        assertTrue(html.indexOf("<h3>CPU") < html.indexOf("<h3>Allocation"), html);
        assertTrue(html.contains("<h3>CPU (samples of threads on CPU): 100 samples</h3>"), html);
        assertFalse(html.contains("Lock contention"), html);
        assertTrue(html.contains("<title>app.HotLoop#checksum (90 samples, 90.00%)</title>"), html);
        assertTrue(html.contains("<title>app.Box&lt;T&gt;#put (10 samples, 10.00%)</title>"), html);
        // Self-contained: nothing fetched, no script.
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("src="), html);
        assertFalse(html.contains("href="), html);
    }

    @Test
    void withoutProfilingThePageSaysSoAndDrawsNoGraph() {
        String html = LiveReportHtml.standard().render(ReportSamples.profilingOff());
        assertTrue(html.contains("Profiling is off"), html);
        assertTrue(html.contains("No recommendations: profiling is off."), html);
        assertFalse(html.contains("<svg"), html);
        assertTrue(html.endsWith("</html>\n"), html);
    }
}
