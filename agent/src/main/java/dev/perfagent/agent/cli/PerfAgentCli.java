package dev.perfagent.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar perf-agent.jar <command>}: list, attach, detach, status, dump, config validate, simulate, gpu list,
 * analyze.
 * Exit codes: 0 success, 1 the command failed, 2 wrong usage.
 */
@Command(name = "perf-agent", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        description = "Batches, protects, times, profiles and exports a running JVM service without code changes.",
        subcommands = {ListCommand.class, AttachCommand.class, DetachCommand.class, StatusCommand.class,
                ConfigCommand.class, SimulateCommand.class, DumpCommand.class, AnalyzeCommand.class, GpuCommand.class})
public final class PerfAgentCli implements Runnable {
    /** Exit code: the command ran but failed. */
    static final int FAILED = 1;

    private final Path agentJar;
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    PerfAgentCli(Path agentJar) {
        this.agentJar = agentJar;
    }

    /** Entry point used by the launcher; returns the exit code. */
    public static int run(String[] args, Path agentJar) {
        return run(args, agentJar, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs with the given output streams (tests use this). */
    static int run(String[] args, Path agentJar, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new PerfAgentCli(agentJar));
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("perf-agent: " + (ex instanceof CliException ? ex.getMessage() : ex.toString()));
            return FAILED;
        });
        return line.execute(args);
    }

    Path agentJar() {
        return agentJar;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
