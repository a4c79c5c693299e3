package dev.perfagent.export.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The naming rule every metric family of a scrape keeps: Prometheus base units (seconds, bytes, ratios
 * from 0 to 1), never percent, milliseconds or kilobytes. One copy for the tests that check it: this
 * module's {@code MetricUnitNamesTest} (the families the export names itself), the agent's {@code
 * MetricUnitNamesTest} (its real layers) and {@code GrafanaDashboardIT} (a live registry). The other
 * modules reach it through this module's test-jar.
 */
public final class MetricNameRules {

  /**
   * Name segments that are a unit other than a base unit. A whole segment, anywhere in the name, so
   * {@code x_ms_total} and {@code x_ms_max} are caught as well as {@code x_ms}.
   */
  public static final Set<String> NON_BASE_UNITS = Set.of("percent", "pct", "ms", "millis",
      "milliseconds", "micros", "microseconds", "nanos", "nanoseconds", "kb", "mb", "gb");

  private static final String TYPE = "# TYPE ";

  private MetricNameRules() {
  }

  /**
   * The {@code # TYPE} lines of a text exposition whose family names carry a non-base unit.
   *
   * @param scrape a Prometheus text exposition, as {@code /metrics} serves it
   * @return the offending {@code # TYPE} lines, in the order they stand; empty where every family is
   *     in base units
   */
  public static List<String> nonBaseUnitFamilies(String scrape) {
    List<String> offenders = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(TYPE)) {
        continue;
      }
      String family = line.substring(TYPE.length()).split(" ")[0];
      for (String segment : family.split("_")) {
        if (NON_BASE_UNITS.contains(segment)) {
          offenders.add(line);
          break;
        }
      }
    }
    return offenders;
  }
}
