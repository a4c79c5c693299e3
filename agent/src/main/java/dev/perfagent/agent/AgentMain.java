package dev.perfagent.agent;

import dev.perfagent.bootstrap.Hooks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The launcher: {@code premain}, {@code agentmain} and the CLI's {@code main}. Deliberately tiny and
 * JDK-only, because the host's system class loader can see it. It catches every {@link Throwable},
 * puts the bootstrap jar on the bootstrap class path, refuses a second start in the same JVM, and hands
 * over to {@code dev.perfagent.agent.AgentRuntime} loaded by an {@link AgentClassLoader}.
 *
 * <p>Agent arguments: {@code config=FILE,command=start|detach|status,out=FILE}. {@code out} is where
 * the CLI that attached reads the result.
 */
public final class AgentMain {

    private static final String RUNTIME = "dev.perfagent.agent.AgentRuntime";
    private static final String CLI = "dev.perfagent.agent.cli.PerfAgentCli";
    private static final String HOOKS = "dev.perfagent.bootstrap.Hooks";
    private static final String INJECTOR = "dev.perfagent.agent.BootstrapInjector";

    private AgentMain() {
    }

    /** Start-up attach: {@code -javaagent:perf-agent.jar=config=FILE}. */
    public static void premain(String args, Instrumentation inst) {
        launch(args, inst, "premain");
    }

    /** Runtime attach (and the detach / status commands sent by the CLI). */
    public static void agentmain(String args, Instrumentation inst) {
        launch(args, inst, "attach");
    }

    /** The command line: {@code java -jar perf-agent.jar list|attach|detach|status|config ...}. */
    public static void main(String[] args) {
        int code;
        try (AgentClassLoader loader = new AgentClassLoader(ownJar(), cliParent())) {
            Method run = loader.loadClass(CLI).getMethod("run", String[].class, Path.class);
            code = (Integer) run.invoke(null, args, ownJar());
        } catch (InvocationTargetException e) {
            System.err.println("perf-agent: " + e.getCause());
            code = 1;
        } catch (Throwable t) {
            System.err.println("perf-agent: cannot start the command line: " + t);
            code = 1;
        }
        System.exit(code);
    }

    /** The system loader, under the bootstrap classes the CLI's layers need (simulate). */
    private static ClassLoader cliParent() throws IOException, URISyntaxException {
        try (AgentClassLoader hidden = new AgentClassLoader(ownJar(), ClassLoader.getSystemClassLoader());
             InputStream nested = hidden.openHidden("bootstrap.jar")) {
            return new BootstrapClassesLoader(nested, ClassLoader.getSystemClassLoader());
        }
    }

    private static void launch(String rawArgs, Instrumentation inst, String mode) {
        Map<String, String> args = parseArgs(rawArgs);
        String reply;
        try {
            if (isJdkTool()) {
                return;
            }
            Path jar = ownJar();
            if ("premain".equals(mode)) {
                loadJrtConnection();
            }
            String command = args.getOrDefault("command", "start");
            switch (command) {
                case "start":
                    reply = start(jar, args, inst, mode);
                    break;
                case "detach":
                case "status":
                case "status-text":
                    reply = sendToRunningAgent(command);
                    break;
                default:
                    reply = "error: unknown command '" + command + "' (expected start, detach, status or status-text)";
            }
        } catch (Throwable t) {
            String why = t.getMessage() != null ? t.getMessage() : t.toString();
            reply = "error: perf-agent failed to " + mode + " and is off; the application keeps running: " + why;
            System.err.println("perf-agent: " + reply);
        }
        writeReply(args.get("out"), reply);
    }

    /**
     * Our start, on its own thread, reads JDK class files through {@code jrt:} URLs while an agent named
     * after us on the command line (the OpenTelemetry agent) may already be transforming classes; the two
     * loading the jrt URL connection class into each other is a ClassCircularityError. Reading one JDK
     * class file here, before premain returns, loads that class first. Failing changes nothing.
     */
    private static void loadJrtConnection() {
        try {
            java.net.URL object = ClassLoader.getSystemResource("java/lang/Object.class");
            if (object != null) {
                object.openConnection().getInputStream().close();
            }
        } catch (Throwable ignored) {
            // only a warm-up: the start works without it
        }
    }

    private static String start(Path jar, Map<String, String> args, Instrumentation inst, String mode)
            throws Exception {
        AgentClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
        installBootstrapClasses(jar, loader, inst);
        if (!Hooks.claim(loader) && !replaceAgentThatIsOff(loader)) {
            loader.close();
            String message = "error: perf-agent is already running in this JVM; this " + mode
                    + " was ignored (detach first to restart it)";
            System.err.println(message.substring("error: ".length()));
            return message;
        }
        try {
            Method start = loader.loadClass(RUNTIME)
                    .getMethod("start", Map.class, Instrumentation.class, String.class, Path.class);
            @SuppressWarnings("unchecked")
            Function<String, String> control = (Function<String, String>) start.invoke(null, args, inst, mode, jar);
            Hooks.control(control);
            String reply = control.apply("started");
            if (reply.startsWith("error:")) {
                // Nothing runs (e.g. an invalid config given to attach): free the JVM for the next attempt.
                sendToRunningAgent("detach");
            }
            return reply;
        } catch (Throwable t) {
            Hooks.release(loader);
            loader.close();
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            throw new IllegalStateException(String.valueOf(cause), cause);
        }
    }

    /**
     * An agent that owns the JVM but is off (it started with an invalid config) gives way to a new
     * start, so a corrected config can be attached without a detach first.
     */
    private static boolean replaceAgentThatIsOff(AgentClassLoader candidate) throws IOException {
        Function<String, String> running = Hooks.control();
        if (running == null || !running.apply("state").startsWith("off")) {
            return false;
        }
        sendToRunningAgent("detach");
        return Hooks.claim(candidate);
    }

    private static String sendToRunningAgent(String command) throws IOException {
        if (!bootstrapLoaded()) {
            return "error: perf-agent is not running in this JVM";
        }
        Object owner = Hooks.owner();
        Function<String, String> control = Hooks.control();
        if (owner == null || control == null) {
            return "error: perf-agent is not running in this JVM";
        }
        String reply = control.apply(command);
        if ("detach".equals(command)) {
            Hooks.release(owner);
            if (owner instanceof AgentClassLoader) {
                ((AgentClassLoader) owner).close();
            }
        }
        return reply;
    }

    private static boolean bootstrapLoaded() {
        try {
            Class.forName(HOOKS, false, null);
            return true;
        } catch (ClassNotFoundException notYet) {
            return false;
        }
    }

    /**
     * Makes the bootstrap classes visible to every class loader, once per JVM (after a detach they stay
     * and the next attach reuses them): defined straight into the bootstrap loader, which keeps
     * class-data sharing intact, or, where the JVM does not allow that, by appending the jar to the
     * bootstrap class path.
     */
    private static void installBootstrapClasses(Path agentJar, AgentClassLoader loader, Instrumentation inst)
            throws Exception {
        if (bootstrapLoaded()) {
            return;
        }
        String unavailable;
        try (InputStream nested = loader.openHidden("bootstrap.jar")) {
            Method inject = loader.loadClass(INJECTOR).getMethod("inject", Instrumentation.class, InputStream.class);
            unavailable = (String) inject.invoke(null, inst, nested);
        } catch (InvocationTargetException e) {
            unavailable = String.valueOf(e.getCause());
        }
        if (unavailable != null || !bootstrapLoaded()) {
            System.err.println("perf-agent: " + unavailable + "; appending the bootstrap jar to the bootstrap class path"
                    + " instead (the JVM then shares only boot classes from its CDS archive)");
            appendBootstrapJar(agentJar, inst);
        }
    }

    /** Appends the nested bootstrap jar to the bootstrap class path: the fallback for injection. */
    private static void appendBootstrapJar(Path agentJar, Instrumentation inst) throws IOException {
        try (JarFile jar = new JarFile(agentJar.toFile(), false)) {
            JarEntry entry = jar.getJarEntry(AgentClassLoader.PREFIX + "bootstrap.jar");
            if (entry == null) {
                throw new IOException("perfagent/bootstrap.jar missing from " + agentJar);
            }
            Path target = extractionDir().resolve("bootstrap-" + Long.toHexString(entry.getCrc()) + ".jar");
            if (!Files.isRegularFile(target) || Files.size(target) != entry.getSize()) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), "bootstrap", ".tmp");
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(target.toFile()));
        }
    }

    private static Path extractionDir() {
        String configured = System.getProperty("perfagent.tmpdir");
        String base = configured != null ? configured : System.getProperty("java.io.tmpdir");
        return Paths.get(base, "perf-agent-" + System.getProperty("user.name", "user"));
    }

    /** JDK tools inherit JAVA_TOOL_OPTIONS too; timing jcmd, jps or our own CLI helps no one. */
    private static boolean isJdkTool() {
        String command = System.getProperty("sun.java.command", "");
        String main = command.split(" ", 2)[0];
        return main.startsWith("sun.tools.") || main.startsWith("jdk.jcmd") || main.startsWith("jdk.jfr.internal")
                || main.startsWith("com.sun.tools.") || main.startsWith("jdk.internal.")
                || main.endsWith("perf-agent.jar");
    }

    static Path ownJar() throws URISyntaxException {
        return Paths.get(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Splits {@code key=value,key=value}; a comma only separates arguments when a known key follows,
     * so a config path may contain commas.
     */
    static Map<String, String> parseArgs(String raw) {
        Map<String, String> args = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return args;
        }
        for (String part : raw.split(",(?=\\s*(?:config|command|out)=)")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                args.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            } else if (!part.isBlank()) {
                // A bare value is the config file: -javaagent:perf-agent.jar=perf-agent.yaml
                args.put("config", part.trim());
            }
        }
        return args;
    }

    private static void writeReply(String out, String reply) {
        if (out == null || reply == null) {
            return;
        }
        try {
            Path target = Paths.get(out);
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "reply", ".tmp");
            Files.write(tmp, reply.getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            System.err.println("perf-agent: cannot write the reply to " + out + ": " + e);
        }
    }
}
