package dev.perfagent.export.report;

import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.json.JsonWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A protection layer of a site in the {@code /status} report: its textual state and its figures.
 *
 * <p>In JSON, one object: {@code "layer"}, then each state as a string member ({@code "state":
 * "OPEN"}), then each figure without labels as a number member ({@code "failure_rate_ratio":
 * 0.625}); the data points of a figure with labels are grouped under its name, keyed by {@code
 * k=v,k2=v2} ({@code "limit": {"partition=live": 40}}). A figure named like a state is left out:
 * the state says it in words ({@code "state": "OPEN"} rather than one number per state). Last, each
 * list of {@link #hostValues()} as an array of strings ({@code "hot_keys": ["alice", "bob"]});
 * there are none unless the snapshot was taken to show them.
 *
 * @param layer the layer's name, e.g. {@code circuit_breaker}
 * @param states the textual state
 * @param figures the figures at the time of the snapshot
 * @param hostValues values from the host's data ({@link LayerMetrics#hostValues()}); empty unless
 *     asked for
 */
public record LayerStatus(String layer, Map<String, String> states, List<LayerFigure> figures,
    Map<String, List<String>> hostValues) {

  /** Copies the collections. */
  public LayerStatus {
    states = states == null ? Map.of() : Map.copyOf(new TreeMap<>(states));
    figures = figures == null ? List.of() : List.copyOf(figures);
    if (hostValues == null || hostValues.isEmpty()) {
      hostValues = Map.of();
    } else {
      Map<String, List<String>> copy = new TreeMap<>();
      hostValues.forEach((name, values) -> copy.put(name, List.copyOf(values)));
      hostValues = Collections.unmodifiableMap(copy);
    }
  }

  /**
   * A snapshot without values from the host's data.
   *
   * @param layer the layer's name
   * @param states the textual state
   * @param figures the figures
   */
  public LayerStatus(String layer, Map<String, String> states, List<LayerFigure> figures) {
    this(layer, states, figures, Map.of());
  }

  /**
   * Reads a layer once, without values from the host's data.
   *
   * @param metrics the layer
   * @return the snapshot
   */
  public static LayerStatus from(LayerMetrics metrics) {
    return from(metrics, false);
  }

  /**
   * Reads a layer once.
   *
   * @param metrics the layer
   * @param showValues whether to read its {@link LayerMetrics#hostValues()} too (only when the
   *     user asked to see them)
   * @return the snapshot
   */
  public static LayerStatus from(LayerMetrics metrics, boolean showValues) {
    return new LayerStatus(metrics.layer(), metrics.states(), metrics.figures(),
        showValues ? metrics.hostValues() : Map.of());
  }

  /**
   * Writes this layer as a JSON object.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject().name("layer").value(layer);
    new TreeMap<>(states).forEach((name, value) -> out.name(name).value(value));
    Map<String, Map<String, Double>> labelled = new LinkedHashMap<>();
    for (LayerFigure figure : figures) {
      if (figure.labels().isEmpty()) {
        if (!states.containsKey(figure.name())) {
          out.name(figure.name()).value(figure.value());
        }
      } else if (!states.containsKey(figure.name())) {
        labelled.computeIfAbsent(figure.name(), n -> new LinkedHashMap<>())
            .put(labelKey(figure.labels()), figure.value());
      }
    }
    labelled.forEach((name, points) -> {
      out.name(name).beginObject();
      points.forEach((key, value) -> out.name(key).value(value));
      out.endObject();
    });
    hostValues.forEach((name, values) -> out.name(name).stringArray(values));
    out.endObject();
  }

  private static String labelKey(Map<String, String> labels) {
    StringBuilder key = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) ->
        key.append(key.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return key.toString();
  }
}
