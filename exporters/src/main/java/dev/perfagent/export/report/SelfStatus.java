package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;

/**
 * The agent's own figures in the {@code /status} report.
 *
 * @param wovenClasses classes currently transformed by the agent
 * @param sites methods currently woven
 * @param faults internal failures the agent caught and survived
 * @param weaveNanos total time spent transforming classes, in nanoseconds
 * @param httpAddress the address the HTTP server listens on ({@code 127.0.0.1:9464}), or {@code
 *     null} when it is off
 */
public record SelfStatus(
    int wovenClasses, int sites, long faults, long weaveNanos, String httpAddress) {

  /**
   * Writes this record as a JSON object whose members are named like the record components.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("wovenClasses").value(wovenClasses)
        .name("sites").value(sites)
        .name("faults").value(faults)
        .name("weaveNanos").value(weaveNanos)
        .name("httpAddress").value(httpAddress)
        .endObject();
  }
}
