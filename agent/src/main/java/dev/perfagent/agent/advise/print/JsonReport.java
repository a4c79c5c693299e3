package dev.perfagent.agent.advise.print;

import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.Recommendation;

/**
 * An {@link AnalysisReport} as one JSON object: {@code source}, {@code window} (start, end, seconds,
 * processors, CPU samples) and {@code recommendations}, each as {@link Recommendation#toJson} writes it.
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
                .endObject()
                .name("recommendations").beginArray();
        for (Recommendation r : report.recommendations()) {
            r.toJson(out);
        }
        out.endArray().endObject();
        return text.toString();
    }
}
