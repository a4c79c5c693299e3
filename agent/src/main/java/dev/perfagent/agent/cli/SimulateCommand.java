package dev.perfagent.agent.cli;

import dev.perfagent.agent.config.AgentConfig;
import dev.perfagent.agent.config.ConfigException;
import dev.perfagent.agent.config.ConfigLoader;
import dev.perfagent.agent.config.ConfigProblem;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.simulate.ReplayReport;
import dev.perfagent.agent.simulate.TraceFormatException;
import dev.perfagent.agent.simulate.TraceReader;
import dev.perfagent.agent.simulate.TraceRecord;
import dev.perfagent.agent.simulate.TraceReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulate --trace FILE --config FILE}: replays a recorded latency/error trace through the
 * rate-limit, concurrency-limit and circuit-breaker layers of each rule and prints what they would have
 * done, so settings can be tuned on a production trace before they go live.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Replay a trace (CSV: time,latency,outcome) through the rate limit, concurrency limit and"
                + " circuit breaker of each rule of a config, and print what they would have done.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "The trace, CSV with a header"
            + " time,latency,outcome (see docs/configuration.md, 'Replaying a trace').")
    private Path trace;
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The perf-agent config file.")
    private Path config;
    @Option(names = "--rule", paramLabel = "NAME", description = "Replay only this rule (default: every rule with a"
            + " layer a trace can drive).")
    private String rule;
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text (default) or json (one object per rule, one per line).")
    private String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format must be text or json, got '" + format + "'");
        }
        AgentConfig loaded;
        try {
            loaded = ConfigLoader.load(config, Map.of(), Map.of());
        } catch (ConfigException e) {
            e.problems().stream().map(ConfigProblem::toString).forEach(err::println);
            err.println(config + ": " + e.problems().size() + " problem(s)");
            return PerfAgentCli.FAILED;
        }
        List<TraceRecord> records;
        try {
            records = TraceReader.readAll(trace);
        } catch (TraceFormatException e) {
            err.println(e.getMessage());
            return PerfAgentCli.FAILED;
        } catch (IOException e) {
            err.println(trace + ": cannot read: " + e.getMessage());
            return PerfAgentCli.FAILED;
        }
        if (records.isEmpty()) {
            err.println(trace + ": no calls in the trace");
            return PerfAgentCli.FAILED;
        }
        List<RuleConfig> rules = new ArrayList<>();
        for (RuleConfig candidate : loaded.rules()) {
            if (rule == null || rule.equals(candidate.name())) {
                rules.add(candidate);
            }
        }
        if (rule != null && rules.isEmpty()) {
            err.println(config + ": no rule named '" + rule + "'");
            return PerfAgentCli.FAILED;
        }
        AgentLog log = AgentLog.toStderr(AgentLog.Level.WARN);
        int replayed = 0;
        for (RuleConfig candidate : rules) {
            ReplayReport report = TraceReplay.replay(candidate, records, log);
            if (report == null) {
                continue;
            }
            replayed++;
            out.println(format.equals("json") ? report.toJson() : report.toText());
        }
        if (replayed == 0) {
            err.println(config + ": no rule has a rate-limit, concurrency-limit or circuit-breaker layer to replay");
            return PerfAgentCli.FAILED;
        }
        out.flush();
        return 0;
    }
}
