package dev.perfagent.agent.advise.print;

import dev.perfagent.agent.advise.evidence.RecordingOrigin;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.advise.jmc.JmcVerdict;
import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.Recommendation;

/**
 * An {@link AnalysisReport} as one JSON object: {@code source}, {@code window} (start, end, seconds,
 * processors, CPU samples), for a recording async-profiler wrote {@code recordedBy} (producer, version, the
 * modes it sampled, its wall-clock samples), and {@code recommendations}, each as {@link Recommendation#toJson}
 * writes it; with JMC's rules run, also {@code jmc}: one object per rule that found something.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /** The report as JSON, without a line break. */
    public static String render(AnalysisReport report) {
        WindowEvidence evidence = report.evidence();
        StringBuilder text = new StringBuilder();
        JsonWriter out = new JsonWriter(text);
        out.beginObject().name("source").value(report.source())
                .name("window").beginObject()
                .name("start").value(evidence.start().toString())
                .name("end").value(evidence.end().toString())
                .name("seconds").value(evidence.seconds())
                .name("processors").value(evidence.processors())
                .name("cpuSamples").value(evidence.cpu().samples())
                .endObject();
        RecordingOrigin origin = report.recording().origin();
        if (origin.isAsyncProfiler()) {
            out.name("recordedBy").beginObject().name("producer").value(origin.producer())
                    .name("version").value(origin.version())
                    .name("modes").stringArray(origin.modes())
                    .name("wallClockSamples").value(report.recording().wallClock().samples())
                    .endObject();
        }
        out.name("recommendations").beginArray();
        for (Recommendation r : report.recommendations()) {
            r.toJson(out);
        }
        out.endArray();
        if (report.jmc() != null) {
            out.name("jmc").beginArray();
            for (JmcVerdict v : report.jmc()) {
                out.beginObject().name("rule").value(v.ruleId()).name("name").value(v.ruleName())
                        .name("severity").value(v.severity()).name("score").value(v.score() < 0 ? null : v.score())
                        .name("summary").value(v.summary()).endObject();
            }
            out.endArray();
        }
        out.endObject();
        return text.toString();
    }
}
