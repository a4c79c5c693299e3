package dev.perfagent.export;

import java.util.Map;
import java.util.Objects;

/**
 * One number of a {@link LayerMetrics}: exported to Prometheus as {@code perfagent_<layer>_<name>}
 * (counters get {@code _total}), with the site's {@code rule} and {@code method} labels plus {@link
 * #labels()}, and to {@code /status} under its name.
 *
 * @param name the family name within the layer, in Prometheus style: lower case, {@code _}, the unit
 *     last ({@code load_seconds}); a counter's name has no {@code _total}
 * @param type counter (monotonic) or gauge
 * @param help one sentence for the {@code # HELP} line
 * @param labels extra labels, e.g. {@code partition=batch}; empty for most figures
 * @param value the value now
 */
public record LayerFigure(String name, Type type, String help, Map<String, String> labels,
    double value) {

  /** Whether a figure only grows. */
  public enum Type {
    /** Monotonic since the layer was created. */
    COUNTER,
    /** Goes up and down. */
    GAUGE
  }

  /** Checks the arguments and copies the labels. */
  public LayerFigure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(help, "help");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** {@return a counter without extra labels} */
  public static LayerFigure counter(String name, String help, double value) {
    return new LayerFigure(name, Type.COUNTER, help, Map.of(), value);
  }

  /** {@return a gauge without extra labels} */
  public static LayerFigure gauge(String name, String help, double value) {
    return new LayerFigure(name, Type.GAUGE, help, Map.of(), value);
  }
}
