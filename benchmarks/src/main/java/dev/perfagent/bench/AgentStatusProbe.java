package dev.perfagent.bench;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads perf-agent's figures from inside the JVM it runs in, so a benchmark can prove that its woven
 * method really is woven, without the HTTP server.
 *
 * <p>The agent publishes its control function through the bootstrap class
 * {@code dev.perfagent.bootstrap.Hooks#control()} (the same function the CLI's {@code status} command
 * reaches by attaching); {@code apply("status")} returns the {@code /status} JSON. The class is looked up
 * reflectively in the bootstrap class loader, so this module does not compile against the agent.
 */
final class AgentStatusProbe {
    private static final String HOOKS = "dev.perfagent.bootstrap.Hooks";

    private AgentStatusProbe() {
    }

    /** The agent's {@code /status} JSON; fails when no perf-agent runs in this JVM. */
    static String status() {
        Function<String, String> control;
        try {
            Method method = hooksClass().getMethod("control");
            @SuppressWarnings("unchecked")
            Function<String, String> found = (Function<String, String>) method.invoke(null);
            control = found;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach perf-agent's control function: " + e, e);
        }
        if (control == null) {
            throw new IllegalStateException("perf-agent is loaded but not running (Hooks.control() is null)");
        }
        return control.apply("status");
    }

    private static Class<?> hooksClass() {
        try {
            return Class.forName(HOOKS, true, null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("perf-agent is not loaded in this JVM (no " + HOOKS
                    + " in the bootstrap class loader): run the benchmark with -javaagent:perf-agent.jar=config=...", e);
        }
    }

    /**
     * Completed calls perf-agent counted for one site, or -1 when {@code method} is not a site.
     *
     * @param method as the agent names it, e.g. {@code dev.perfagent.bench.TimedTarget#work(long)}
     */
    static long calls(String method) {
        return calls(status(), method);
    }

    static long calls(String statusJson, String method) {
        int at = statusJson.indexOf("\"method\":\"" + method + "\"");
        if (at < 0) {
            return -1;
        }
        int end = statusJson.indexOf('}', at);
        Matcher m = Pattern.compile("\"calls\":(\\d+)").matcher(statusJson.substring(at, end < 0 ? statusJson.length() : end));
        if (!m.find()) {
            throw new IllegalStateException("no call count for " + method + " in perf-agent status: " + statusJson);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Calls {@code call} until perf-agent counts it as a call of {@code method}: the agent starts in the
     * background and weaves (or retransforms) the class a moment after the JVM starts.
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}
     */
    static void awaitWoven(String method, Runnable call, Duration timeout) {
        hooksClass(); // premain puts Hooks in the boot loader before main: if it is missing now, fail at once
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            call.run();
            try {
                last = status();
                if (calls(last, method) > 0) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                last = notYet.getMessage();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for perf-agent", e);
            }
        }
        throw new IllegalStateException(method + " was not woven by perf-agent within " + timeout
                + "; last status: " + last);
    }
}
