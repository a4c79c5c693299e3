package dev.perfagent.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Writes the live JFR window of another JVM to a file: attaches, starts the target's local
 * management agent, and runs {@code JFR.check} and {@code JFR.dump} through its DiagnosticCommand
 * MBean, as {@code jcmd} would. Dumps perf-agent's recording when it runs, else every recording.
 */
final class JfrDumpClient {

    /** The recording perf-agent starts with {@code export.jfr} (AgentRecording.NAME). */
    static final String RECORDING = "perf-agent";

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    private static final String[] SIGNATURE = {String[].class.getName()};

    /** What was dumped, for the CLI's message. */
    record Dump(String recording, String output) {
    }

    /**
     * Dumps the recordings of JVM {@code pid} to {@code file}.
     *
     * @param file an absolute path: the target JVM writes it, relative to its own working directory
     * @return which recording was written and the command's output
     * @throws CliException if the JVM cannot be reached, has no recording, or the dump fails
     */
    Dump dump(String pid, Path file) throws CliException {
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("the target JVM needs an absolute path: " + file);
        }
        String address = managementAddress(pid);
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName commands = new ObjectName(DIAGNOSTIC_COMMAND);
            String recordings = run(server, commands, "jfrCheck");
            if (recordings.contains("No available recording")) {
                throw new CliException("JVM " + pid + " has no JFR recording to dump: enable export.jfr in its"
                        + " perf-agent config (export: { jfr: { enabled: true } }) or run jcmd " + pid + " JFR.start");
            }
            boolean ours = recordings.contains("name=" + RECORDING + " ");
            String target = "filename=" + file;
            String output = ours
                    ? run(server, commands, "jfrDump", "name=" + RECORDING, target)
                    : run(server, commands, "jfrDump", target);
            return new Dump(ours ? RECORDING : "all recordings", output.trim());
        } catch (IOException | JMException e) {
            throw new CliException("JFR.dump in JVM " + pid + " failed: " + e);
        }
    }

    /** Attaches and starts (or finds) the target's local JMX agent. */
    private static String managementAddress(String pid) throws CliException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliException("cannot attach to JVM " + pid + ": " + e.getMessage()
                    + " (is it running, a HotSpot JVM, and owned by this user?)");
        }
        try {
            return vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw new CliException("cannot start the management agent in JVM " + pid + ": " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The management agent runs on its own; losing the attach connection changes nothing.
            }
        }
    }

    private static String run(MBeanServerConnection server, ObjectName commands, String operation, String... args)
            throws JMException, IOException {
        Object result = server.invoke(commands, operation, new Object[] {args}, SIGNATURE);
        return result == null ? "" : result.toString();
    }
}
