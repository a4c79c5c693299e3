package dev.perfagent.agent.report;

import dev.perfagent.agent.profile.SampleKind;
import dev.perfagent.export.report.AdviceReport;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.ProfilingStatus;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reports the renderer tests share: one with a window analysed and stacks of two kinds, one without profiling. */
final class ReportSamples {
    static final Instant NOW = Instant.parse("2024-05-01T10:00:07Z");
    static final String CPU = "java/lang/Thread.run_[j];app/HotLoop.checksum_[j] 90\n"
            + "java/lang/Thread.run_[j];app/Box<T>.put_[j] 10\n";
    static final String ALLOC = "java/lang/Thread.run_[j];app/Aggregator.sum_[j];java/lang/Long.valueOf_[j] 40\n";

    private ReportSamples() {
    }

    static Recommendation hotMethod() {
        return Recommendation.of("hot-method", Severity.WARNING, "app.HotLoop#checksum",
                List.of(new Evidence("self share of CPU samples", 90, "%", 84.0, 94.0), Evidence.of("samples", 100,
                        "samples")),
                "Make checksum cheaper: 90% of CPU <runs> here & nowhere else | really", "rules:\n  - name: x\n",
                new PredictedGain(45, "% CPU", "-45% CPU", "Amdahl: 1/((1-p)+p/s) with p = 0.9, s = 2"));
    }

    static LiveReport ready() {
        AdviceReport advice = new AdviceReport("check<out>", "ready", NOW.minusSeconds(3), NOW, "async-profiler",
                false, 2, List.of(hotMethod()));
        ProfilingStatus profiling = new ProfilingStatus("async-profiler", "itimer", 10, 3, 2, NOW, 0.8, false, null,
                Map.of("cpu", 100L), Map.of());
        return new LiveReport("check<out>", NOW, advice, profiling,
                Map.of(SampleKind.CPU, CPU, SampleKind.ALLOC, ALLOC, SampleKind.LOCK, ""));
    }

    static LiveReport profilingOff() {
        return new LiveReport("plain", NOW, AdviceReport.off("plain"), null, Map.of());
    }
}
