package dev.perfagent.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of a JVM, built with the {@code java} of the JDK running the tests:
 * {@code java [options] [-javaagent:...] -jar JAR [args]}.
 */
public final class JvmCommand {
    private final List<String> options = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path jar;

    private JvmCommand() {
    }

    public static JvmCommand create() {
        return new JvmCommand();
    }

    /** JVM options ({@code -Xmx..}, {@code -XX:..}, {@code -D..}), in order. */
    public JvmCommand option(String... more) {
        options.addAll(Arrays.asList(more));
        return this;
    }

    public JvmCommand systemProperty(String key, String value) {
        options.add("-D" + key + "=" + value);
        return this;
    }

    /** {@code -javaagent:JAR} or {@code -javaagent:JAR=ARGS} when {@code agentArgs} is not null. */
    public JvmCommand javaagent(Path agentJar, String agentArgs) {
        options.add("-javaagent:" + agentJar + (agentArgs == null ? "" : "=" + agentArgs));
        return this;
    }

    /** perf-agent at start-up with {@code config=FILE}. */
    public JvmCommand perfAgent(Path config) {
        return javaagent(ItEnv.agentJar(), "config=" + config);
    }

    /** Options a JVM needs to be attached to without a warning (see {@link ItEnv#attachTargetOptions}). */
    public JvmCommand attachable() {
        return option(ItEnv.attachTargetOptions());
    }

    public JvmCommand jar(Path value) {
        this.jar = value;
        return this;
    }

    public JvmCommand args(String... more) {
        args.addAll(Arrays.asList(more));
        return this;
    }

    public List<String> toList() {
        List<String> command = new ArrayList<>();
        command.add(ItEnv.java().toString());
        // Small heaps: several JVMs run at once on a small CI machine.
        command.add("-Xmx256m");
        command.addAll(options);
        if (jar != null) {
            command.add("-jar");
            command.add(jar.toString());
        }
        command.addAll(args);
        return command;
    }
}
