package dev.perfagent.agent.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole, validated agent configuration. Immutable: a reload builds a new one.
 *
 * @param service name of the monitored service, used in metric tags and reports
 * @param enabled false loads the agent but leaves it doing nothing
 * @param log     the agent's own logging
 * @param export  where measurements go
 * @param weave   how classes are transformed
 * @param rules   which methods get which layers
 * @param source  the config file as named by the user, or {@code <defaults>}
 * @param profiling continuous profiling
 * @param gpu       the accelerator and its telemetry
 * @param report    the report written at exit
 */
public record AgentConfig(String service, boolean enabled, LogConfig log, ExportConfig export, WeaveConfig weave,
                          ReloadConfig reload, List<RuleConfig> rules, String source, ProfilingConfig profiling,
                          GpuConfig gpu, ReportConfig report) {

    /** The {@link #source()} of a config that was not read from a file. */
    public static final String DEFAULTS_SOURCE = "<defaults>";
    /** The default {@link #service()}. */
    public static final String DEFAULT_SERVICE = "unknown-service";

    /** Checks the arguments and copies the list. */
    public AgentConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(weave, "weave");
        Objects.requireNonNull(reload, "reload");
        rules = List.copyOf(rules);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(profiling, "profiling");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(report, "report");
    }

    /** A config without a {@code report} section (no report at exit). */
    public AgentConfig(String service, boolean enabled, LogConfig log, ExportConfig export, WeaveConfig weave,
                       ReloadConfig reload, List<RuleConfig> rules, String source, ProfilingConfig profiling,
                       GpuConfig gpu) {
        this(service, enabled, log, export, weave, reload, rules, source, profiling, gpu, ReportConfig.defaults());
    }

    /** A config without {@code gpu} and {@code report} sections ({@code gpu} at its defaults: auto). */
    public AgentConfig(String service, boolean enabled, LogConfig log, ExportConfig export, WeaveConfig weave,
                       ReloadConfig reload, List<RuleConfig> rules, String source, ProfilingConfig profiling) {
        this(service, enabled, log, export, weave, reload, rules, source, profiling, GpuConfig.defaults());
    }

    /** A config without a {@code profiling} section (profiling off). */
    public AgentConfig(String service, boolean enabled, LogConfig log, ExportConfig export, WeaveConfig weave,
                       ReloadConfig reload, List<RuleConfig> rules, String source) {
        this(service, enabled, log, export, weave, reload, rules, source, ProfilingConfig.defaults());
    }

    /** Every key at its default, no rules: the agent runs but weaves nothing. */
    public static AgentConfig defaults() {
        return new AgentConfig(DEFAULT_SERVICE, true, LogConfig.defaults(), ExportConfig.defaults(),
                WeaveConfig.defaults(), ReloadConfig.defaults(), List.of(), DEFAULTS_SOURCE);
    }
}
