package dev.perfagent.export;

import java.util.List;
import java.util.Map;

/**
 * Live figures of one protection layer on one site (cache, circuit breaker, concurrency limit, rate
 * limit), in a shape every exporter can take without knowing the layer: numbers as {@link LayerFigure}s
 * (Prometheus families {@code perfagent_<layer>_<name>}, members of the site's {@code /status} object)
 * and words as {@link #states()} (a breaker's state, a limiter's algorithm).
 *
 * <p>Called from any thread at any time, concurrently with the calls the layer guards: implementations
 * read their counters without locks and must be cheap.
 */
public interface LayerMetrics {

  /** {@return the layer's name in metric names and {@code /status}, e.g. {@code circuit_breaker}} */
  String layer();

  /** {@return the figures now; names are unique within the layer for one label set} */
  List<LayerFigure> figures();

  /** {@return textual state for {@code /status}, e.g. {@code state=OPEN}; empty when none} */
  default Map<String, String> states() {
    return Map.of();
  }

  /**
   * Values taken from the host's own data, by name: a cache's hottest keys ({@code hot_keys}), each
   * rendered as bounded text. They may be confidential (user ids, queries), so exporters call this
   * only when the user asked to see them ({@code export.http.show-values: true}); it may cost more
   * than {@link #figures()}.
   *
   * @return lists of rendered values by name; empty when the layer has none
   */
  default Map<String, List<String>> hostValues() {
    return Map.of();
  }
}
