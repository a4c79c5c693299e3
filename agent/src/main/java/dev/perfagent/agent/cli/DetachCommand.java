package dev.perfagent.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Restores every woven class, stops every agent thread and closes the HTTP port. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = "Remove perf-agent from a JVM: woven classes restored, threads stopped, port closed.")
final class DetachCommand implements Callable<Integer> {
    @ParentCommand
    private PerfAgentCli cli;
    @Spec
    private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM.")
    private String pid;

    @Override
    public Integer call() throws CliException {
        return new AttachClient(cli.agentJar()).send(pid, "detach", null).print(spec.commandLine());
    }
}
