package dev.perfagent.export.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finding metrics and data points in a decoded OTLP request. */
final class OtlpPushes {

  private OtlpPushes() {
  }

  /** {@return the attributes of the first resource, as text} */
  static Map<String, String> resource(ExportMetricsServiceRequest request) {
    return attributes(request.getResourceMetrics(0).getResource().getAttributesList());
  }

  static Map<String, String> attributes(List<KeyValue> attributes) {
    Map<String, String> map = new LinkedHashMap<>();
    for (KeyValue kv : attributes) {
      map.put(kv.getKey(), kv.getValue().getStringValue());
    }
    return map;
  }

  /** {@return the names of the request's metrics} */
  static List<String> names(ExportMetricsServiceRequest request) {
    List<String> names = new ArrayList<>();
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          names.add(metric.getName());
        }
      }
    }
    return names;
  }

  /** {@return every metric of the request named {@code name}} */
  static List<Metric> metrics(ExportMetricsServiceRequest request, String name) {
    List<Metric> found = new ArrayList<>();
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          if (metric.getName().equals(name)) {
            found.add(metric);
          }
        }
      }
    }
    return found;
  }

  /** {@return the one metric named {@code name}, if the request has it} */
  static Optional<Metric> metric(ExportMetricsServiceRequest request, String name) {
    List<Metric> found = metrics(request, name);
    if (found.size() > 1) {
      throw new AssertionError(name + " appears " + found.size() + " times");
    }
    return found.stream().findFirst();
  }

  /** {@return the number points of a sum or gauge whose attributes include {@code attributes}} */
  static List<NumberDataPoint> points(Metric metric, Map<String, String> attributes) {
    List<NumberDataPoint> all = metric.hasSum() ? metric.getSum().getDataPointsList()
        : metric.getGauge().getDataPointsList();
    List<NumberDataPoint> matching = new ArrayList<>();
    for (NumberDataPoint point : all) {
      if (attributes(point.getAttributesList()).entrySet().containsAll(attributes.entrySet())) {
        matching.add(point);
      }
    }
    return matching;
  }

  /** {@return the value of the one point of {@code name} with these attributes, if present} */
  static Optional<Double> value(ExportMetricsServiceRequest request, String name,
      Map<String, String> attributes) {
    return metric(request, name).map(m -> points(m, attributes)).flatMap(points -> {
      if (points.size() > 1) {
        throw new AssertionError(name + " has " + points.size() + " points for " + attributes);
      }
      return points.stream().findFirst().map(p -> p.hasAsDouble() ? p.getAsDouble()
          : (double) p.getAsInt());
    });
  }
}
