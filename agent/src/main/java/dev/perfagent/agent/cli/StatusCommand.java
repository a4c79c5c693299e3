package dev.perfagent.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Prints what perf-agent has woven in a JVM and its live figures. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show what perf-agent weaves in a JVM, with live latency figures.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private PerfAgentCli cli;
    @Spec
    private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM.")
    private String pid;
    @Option(names = "--json", description = "Print the /status JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() throws CliException {
        return new AttachClient(cli.agentJar()).send(pid, json ? "status" : "status-text", null).print(spec.commandLine());
    }
}
