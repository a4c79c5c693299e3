package dev.perfagent.agent.layer.breaker;

import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads one figure of a layer's metrics. */
final class Figures {
    private Figures() {
    }

    /** The value of the figure with this name and exactly these labels ({@code key, value, key, value...}). */
    static double value(LayerMetrics metrics, String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<LayerFigure> figures = metrics.figures();
        return figures.stream()
                .filter(f -> f.name().equals(name) && f.labels().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + name + wanted + " in " + figures))
                .value();
    }
}
