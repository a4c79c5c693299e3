package dev.perfagent.agent.cli;

import dev.perfagent.agent.config.ConfigLoader;
import dev.perfagent.agent.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code config validate FILE}: checks a config without a JVM to attach to. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with perf-agent config files.",
        subcommands = ConfigCommand.Validate.class)
final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (validate)");
    }

    /** Problems of a config file, one line each (file:line:column: key: message). */
    static List<String> problems(Path file) {
        return ConfigLoader.validate(file).stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    /** Validates one file. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a config file: every problem with file, line, column and key. Exit 1 if any.")
    static final class Validate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE", description = "The YAML config file.")
        private Path file;

        @Override
        public Integer call() {
            List<String> problems = problems(file);
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println(file + ": valid");
                return 0;
            }
            problems.forEach(p -> spec.commandLine().getErr().println(p));
            spec.commandLine().getErr().println(file + ": " + problems.size() + " problem(s)");
            return PerfAgentCli.FAILED;
        }
    }
}
