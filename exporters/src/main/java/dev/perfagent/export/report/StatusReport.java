package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /status}: who the agent is, how it started, and the live figures of every
 * site.
 *
 * @param service the service name from the configuration
 * @param agentVersion the agent's version
 * @param javaVersion the host JVM's {@code java.version}
 * @param pid the host process id
 * @param startMode {@code premain} (started with {@code -javaagent}) or {@code attach}
 * @param startedAt when the agent started
 * @param config where the configuration came from, for example the file path
 * @param sites one entry per woven method
 * @param self the agent's own figures
 * @param notes human-readable remarks, for example why a rule matched nothing
 * @param profiling the continuous profiler's state, or {@code null} when profiling is off (then the
 *     member is left out of the JSON)
 * @param gpu the accelerator, its devices and staging pool, or {@code null} while the agent is off (then
 *     the member is left out of the JSON)
 */
public record StatusReport(
    String service,
    String agentVersion,
    String javaVersion,
    long pid,
    String startMode,
    Instant startedAt,
    String config,
    List<SiteStatus> sites,
    SelfStatus self,
    List<String> notes,
    ProfilingStatus profiling,
    GpuStatus gpu) {

  /** Copies the lists; a null list becomes empty. */
  public StatusReport {
    sites = sites == null ? List.of() : List.copyOf(sites);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * A report without accelerator state.
   *
   * @param service the service name
   * @param agentVersion the agent's version
   * @param javaVersion the host JVM's version
   * @param pid the host process id
   * @param startMode how the agent started
   * @param startedAt when the agent started
   * @param config where the configuration came from
   * @param sites one entry per woven method
   * @param self the agent's own figures
   * @param notes human-readable remarks
   * @param profiling the profiler's state, or {@code null}
   */
  public StatusReport(String service, String agentVersion, String javaVersion, long pid, String startMode,
      Instant startedAt, String config, List<SiteStatus> sites, SelfStatus self, List<String> notes,
      ProfilingStatus profiling) {
    this(service, agentVersion, javaVersion, pid, startMode, startedAt, config, sites, self, notes, profiling,
        null);
  }

  /**
   * A report without profiler or accelerator state.
   *
   * @param service the service name
   * @param agentVersion the agent's version
   * @param javaVersion the host JVM's version
   * @param pid the host process id
   * @param startMode how the agent started
   * @param startedAt when the agent started
   * @param config where the configuration came from
   * @param sites one entry per woven method
   * @param self the agent's own figures
   * @param notes human-readable remarks
   */
  public StatusReport(String service, String agentVersion, String javaVersion, long pid, String startMode,
      Instant startedAt, String config, List<SiteStatus> sites, SelfStatus self, List<String> notes) {
    this(service, agentVersion, javaVersion, pid, startMode, startedAt, config, sites, self, notes, null, null);
  }

  /**
   * Writes this report as a JSON object whose members are named like the record components;
   * {@code startedAt} is an ISO-8601 string.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("service").value(service)
        .name("agentVersion").value(agentVersion)
        .name("javaVersion").value(javaVersion)
        .name("pid").value(pid)
        .name("startMode").value(startMode)
        .name("startedAt").value(startedAt == null ? null : startedAt.toString())
        .name("config").value(config)
        .name("sites").beginArray();
    for (SiteStatus site : sites) {
      site.toJson(out);
    }
    out.endArray().name("self");
    if (self == null) {
      out.nullValue();
    } else {
      self.toJson(out);
    }
    out.name("notes").stringArray(notes);
    if (profiling != null) {
      out.name("profiling");
      profiling.toJson(out);
    }
    if (gpu != null) {
      out.name("gpu");
      gpu.toJson(out);
    }
    out.endObject();
  }

  /**
   * This report as a JSON document.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(256 + 256 * sites.size());
    toJson(new JsonWriter(json));
    return json.toString();
  }
}
