package dev.perfagent.agent.layer.cache;

import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.export.LayerFigure;
import java.util.List;
import java.util.Map;

/** Targets and figure lookups shared by the cache layer's tests. */
final class CacheTesting {

    private CacheTesting() {
    }

    /** An instance method {@code a.Service#find(types)} returning Object. */
    static LayerTarget target(String... parameterTypes) {
        return LayerTarget.of("r", "a.Service#find(" + String.join(", ", parameterTypes) + ")", "java.lang.Object",
                List.of(parameterTypes));
    }

    /** The value of the layer's figure {@code name} without extra labels. */
    static double figure(CacheLayer layer, String name) {
        return figure(layer, name, Map.of());
    }

    /** The value of the layer's figure {@code name} with these labels. */
    static double figure(CacheLayer layer, String name, Map<String, String> labels) {
        for (LayerFigure figure : layer.figures()) {
            if (figure.name().equals(name) && figure.labels().equals(labels)) {
                return figure.value();
            }
        }
        throw new AssertionError("no figure " + name + labels + " in " + layer.figures());
    }
}
