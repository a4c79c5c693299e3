package dev.perfagent.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Loads perf-agent into a running JVM, which weaves its already-loaded classes. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Load perf-agent into a running JVM and weave its loaded classes.",
                "JDK 21+ prints a warning for agents loaded at run time unless the JVM was started with"
                        + " -XX:+EnableDynamicAgentLoading."})
final class AttachCommand implements Callable<Integer> {
    @ParentCommand
    private PerfAgentCli cli;
    @Spec
    private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see 'list').")
    private String pid;
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "perf-agent YAML config.")
    private Path config;

    @Override
    public Integer call() throws CliException {
        String configArg = null;
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new CliException("config file not found: " + config);
            }
            List<String> problems = ConfigCommand.problems(config);
            if (!problems.isEmpty()) {
                problems.forEach(p -> spec.commandLine().getErr().println(p));
                throw new CliException("config " + config + " is invalid; nothing was attached");
            }
            configArg = config.toAbsolutePath().toString();
        }
        AttachClient.Reply reply = new AttachClient(cli.agentJar()).send(pid, "start", configArg);
        int exit = reply.print(spec.commandLine());
        if (exit == 0 && reply.targetFeatureVersion() >= 21 && !reply.dynamicLoadingAllowed()) {
            spec.commandLine().getOut().println("note: JVM " + pid + " runs Java " + reply.targetFeatureVersion()
                    + ", which warns about agents loaded at run time; start it with -XX:+EnableDynamicAgentLoading"
                    + " to allow them silently.");
        }
        return exit;
    }
}
