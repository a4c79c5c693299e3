package dev.perfagent.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Sends one command to perf-agent inside another JVM: attaches with the JDK attach API, loads
 * perf-agent.jar with {@code command=...,out=FILE}, and reads the reply the agent writes to FILE.
 */
final class AttachClient {
    private final Path agentJar;

    AttachClient(Path agentJar) {
        this.agentJar = agentJar;
    }

    /** The outcome of one command: the agent's reply, and the target's Java feature version. */
    record Reply(String text, int targetFeatureVersion, boolean dynamicLoadingAllowed) {
        boolean failed() {
            return text.startsWith("error:");
        }

        /** Prints the reply (a failure to stderr, without its "error:" tag) and returns the exit code. */
        int print(CommandLine commandLine) {
            if (failed()) {
                commandLine.getErr().println(text.substring("error:".length()).trim());
                return PerfAgentCli.FAILED;
            }
            commandLine.getOut().println(text);
            return 0;
        }
    }

    Reply send(String pid, String command, String config) throws CliException {
        Path replyFile;
        try {
            replyFile = Files.createTempFile("perf-agent-reply", ".txt");
            Files.delete(replyFile);
        } catch (IOException e) {
            throw new CliException("cannot create a reply file: " + e.getMessage());
        }
        StringBuilder args = new StringBuilder("command=").append(command).append(",out=").append(replyFile);
        if (config != null) {
            args.append(",config=").append(config);
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliException("cannot attach to JVM " + pid + ": " + e.getMessage()
                    + " (is it running, a HotSpot JVM, and owned by this user?)");
        }
        int feature = 0;
        boolean allowed = false;
        try {
            feature = featureVersion(vm.getSystemProperties().getProperty("java.specification.version", "0"));
            allowed = vm.getAgentProperties().getProperty("sun.jvm.args", "").contains("+EnableDynamicAgentLoading");
            vm.loadAgent(agentJar.toString(), args.toString());
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new CliException("loading perf-agent into JVM " + pid + " failed: " + e);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The agent has run; losing the attach connection now changes nothing.
            }
        }
        try {
            String text = Files.readString(replyFile, StandardCharsets.UTF_8);
            Files.deleteIfExists(replyFile);
            return new Reply(text, feature, allowed);
        } catch (IOException e) {
            throw new CliException("JVM " + pid + " gave no reply (see its standard error): " + e.getMessage());
        }
    }

    private static int featureVersion(String spec) {
        try {
            return Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
