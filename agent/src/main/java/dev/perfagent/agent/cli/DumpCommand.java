package dev.perfagent.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes the live JFR window of a running JVM (perf-agent's recording, else all) to a file. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Write the live JFR recording of a JVM to a file: perf-agent's recording (export.jfr) with"
                + " the JDK's events and perf-agent's, or every recording when perf-agent's is not running."})
final class DumpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM.")
    private String pid;
    @Option(names = "--file", paramLabel = "FILE",
            description = "Where to write the recording (default: perf-agent-PID.jfr in the current directory).")
    private Path file;

    @Override
    public Integer call() throws CliException {
        Path target = (file != null ? file : Path.of("perf-agent-" + pid + ".jfr")).toAbsolutePath().normalize();
        JfrDumpClient.Dump dump = new JfrDumpClient().dump(pid, target);
        if (!Files.isRegularFile(target)) {
            throw new CliException("JVM " + pid + " did not write " + target + ": " + dump.output());
        }
        spec.commandLine().getOut().println("wrote " + dump.recording() + " of JVM " + pid + " to " + target);
        return 0;
    }
}
