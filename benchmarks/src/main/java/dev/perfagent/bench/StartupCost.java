package dev.perfagent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up time and memory that an agent adds to the sample inference service: no agent, perf-agent,
 * and the OpenTelemetry Java agent (every exporter off), launched round-robin so that drift in the
 * machine's speed hits every mode alike. Not a JMH benchmark: each sample is a fresh JVM.
 *
 * <p>For each launch it measures the time from just before the process is started until the first
 * {@code 200} answer to {@code GET /score?seed=1} (the port is taken from the service's
 * {@code listening on} line), and the CPU time the process had used by then ({@code /proc/PID/stat}), a
 * figure that other load on the machine disturbs less. Then, after {@code --requests} more requests, it
 * runs {@code jcmd PID GC.run} and reads the used heap from {@code jcmd PID GC.heap_info}, the used
 * metaspace from the same (or, on JDK 25, {@code VM.metaspace}) and the resident set from
 * {@code /proc/PID/status}. A first round (one launch per mode) warms the disk cache and this harness and
 * is not counted.
 *
 * <pre>
 * cd benchmarks
 * java -cp target/benchmarks.jar dev.perfagent.bench.StartupCost [--runs 7] [--requests 200]
 *     [--java JAVA] [--app target/inference-service.jar] [--perf-agent target/perf-agent.jar]
 *     [--perf-agent-config ../sample-apps/inference-service/perf-agent.yaml]
 *     [--otel-agent target/opentelemetry-javaagent.jar]
 * </pre>
 *
 * The service runs on the JVM given by {@code --java} (default: the one running this class), and
 * {@code jcmd} is taken from beside it.
 */
public final class StartupCost {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\b[^\\n]*?used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final long LAUNCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    /** The three ways the service is launched. */
    enum Mode {
        NONE("no agent"),
        PERF_AGENT("perf-agent"),
        OTEL("OpenTelemetry agent");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** What one launch measured; times in milliseconds, sizes in MiB; NaN where not measured. */
    record Launch(Mode mode, double readyMs, double listeningMs, double agentStartedMs, double cpuAtReadyMs,
                  double heapMb, double metaspaceMb, double rssMb) {
    }

    private final Options options;

    private StartupCost(Options options) {
        this.options = options;
    }

    /** Runs the comparison and prints a table; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        new StartupCost(Options.parse(args)).run();
    }

    private void run() throws Exception {
        System.out.printf("java: %s%napp: %s%nrounds: %d (+1 not counted), %d requests before measuring memory%n%n",
                options.java, options.app, options.runs, options.requests);
        Map<Mode, List<Launch>> results = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            results.put(mode, new ArrayList<>());
        }
        for (int round = 0; round <= options.runs; round++) {
            Mode[] order = Mode.values();
            Collections.rotate(Arrays.asList(order), round); // a different mode goes first each round
            for (Mode mode : order) {
                Launch launch = launch(mode);
                System.out.printf(Locale.ROOT, "round %d%s %-20s ready %7.1f ms  listening %7.1f ms  agent started %7.1f ms"
                                + "  cpu at ready %6.0f ms  heap %6.1f MiB  metaspace %6.1f MiB  rss %6.1f MiB%n",
                        round, round == 0 ? " (not counted)" : "", mode.label, launch.readyMs, launch.listeningMs,
                        launch.agentStartedMs, launch.cpuAtReadyMs, launch.heapMb, launch.metaspaceMb, launch.rssMb);
                if (round > 0) {
                    results.get(mode).add(launch);
                }
            }
        }
        printSummary(results);
    }

    private Launch launch(Mode mode) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(options.java.toString());
        if (mode == Mode.PERF_AGENT) {
            command.add("-javaagent:" + options.perfAgent + "=config=" + options.perfAgentConfig);
            command.add("-Dperfagent.export.http.port=0");
        } else if (mode == Mode.OTEL) {
            command.add("-javaagent:" + options.otelAgent);
            command.addAll(List.of("-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
                    "-Dotel.logs.exporter=none"));
        }
        command.addAll(List.of("-jar", options.app.toString(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS")
                || k.startsWith("PERFAGENT_") || k.startsWith("OTEL_"));

        long start = System.nanoTime();
        Process process = builder.start();
        try {
            CompletableFuture<String> listening = new CompletableFuture<>();
            AtomicLong listeningAt = new AtomicLong();
            AtomicLong agentStartedAt = new AtomicLong();
            ConcurrentLinkedDeque<String> stderrTail = new ConcurrentLinkedDeque<>();
            pump(process.getInputStream(), line -> {
                Matcher m = LISTENING.matcher(line);
                if (m.find() && !listening.isDone()) {
                    listeningAt.set(System.nanoTime());
                    listening.complete(m.group(1));
                }
            });
            pump(process.getErrorStream(), line -> {
                if (agentStartedAt.get() == 0 && line.startsWith("[perf-agent]") && line.contains(" started (premain)")) {
                    agentStartedAt.set(System.nanoTime());
                }
                stderrTail.addLast(line);
                if (stderrTail.size() > 40) {
                    stderrTail.pollFirst();
                }
            });
            process.onExit().thenRun(() -> listening.completeExceptionally(
                    new IllegalStateException("exited with " + process.exitValue())));
            String base;
            try {
                base = listening.get(LAUNCH_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(mode.label + ": the service did not start (" + e + "); stderr:\n"
                        + String.join("\n", stderrTail), e);
            }
            URI first = URI.create(base + "/score?seed=1");
            while (!ok(first)) {
                if (System.nanoTime() - start > LAUNCH_TIMEOUT_NANOS || !process.isAlive()) {
                    throw new IllegalStateException(mode.label + ": no answer from " + first);
                }
                Thread.sleep(2);
            }
            long ready = System.nanoTime();
            double cpuAtReadyMs = ProcessCpu.millis(process.pid());

            for (int i = 0; i < options.requests; i++) {
                if (!ok(URI.create(base + "/score?seed=" + (i + 2)))) {
                    throw new IllegalStateException(mode.label + ": request " + i + " failed");
                }
            }
            while (mode == Mode.PERF_AGENT && agentStartedAt.get() == 0) {
                if (System.nanoTime() - start > LAUNCH_TIMEOUT_NANOS) {
                    throw new IllegalStateException("perf-agent did not start; stderr:\n" + String.join("\n", stderrTail));
                }
                Thread.sleep(10);
            }
            long pid = process.pid();
            jcmd(pid, "GC.run");
            String heapInfo = jcmd(pid, "GC.heap_info");
            if (!METASPACE_USED.matcher(heapInfo).find()) {
                heapInfo += jcmd(pid, "VM.metaspace"); // JDK 25 no longer lists metaspace in GC.heap_info
            }
            String status = Files.readString(Paths.get("/proc/" + pid + "/status"));
            return new Launch(mode, millis(ready - start), millis(listeningAt.get() - start),
                    agentStartedAt.get() == 0 ? Double.NaN : millis(agentStartedAt.get() - start), cpuAtReadyMs,
                    kib(HEAP_USED, heapInfo) / 1024.0, kib(METASPACE_USED, heapInfo) / 1024.0,
                    kib(RSS, status) / 1024.0);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean ok(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = options.java.resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private static long kib(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + pattern + " in:\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    private static void pump(InputStream in, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "startup-cost-pump");
        t.setDaemon(true);
        t.start();
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private void printSummary(Map<Mode, List<Launch>> results) {
        System.out.printf("%n%d launches per mode (median, min..max):%n%n", options.runs);
        System.out.println("| mode | first /score answer (ms) | added (ms) | perf-agent started (ms) "
                + "| CPU used by then (ms) | used heap after GC (MiB) | added heap (MiB) | metaspace (MiB) | RSS (MiB) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double baseReady = median(results.get(Mode.NONE), Launch::readyMs);
        double baseHeap = median(results.get(Mode.NONE), Launch::heapMb);
        for (Mode mode : Mode.values()) {
            List<Launch> runs = results.get(mode);
            System.out.printf(Locale.ROOT, "| %s | %s | %+.0f | %s | %s | %s | %+.1f | %s | %s |%n", mode.label,
                    range(runs, Launch::readyMs, "%.0f"), median(runs, Launch::readyMs) - baseReady,
                    mode == Mode.PERF_AGENT ? range(runs, Launch::agentStartedMs, "%.0f") : "",
                    range(runs, Launch::cpuAtReadyMs, "%.0f"),
                    range(runs, Launch::heapMb, "%.1f"), median(runs, Launch::heapMb) - baseHeap,
                    range(runs, Launch::metaspaceMb, "%.1f"), range(runs, Launch::rssMb, "%.0f"));
        }
        double perfAdded = median(results.get(Mode.PERF_AGENT), Launch::readyMs) - baseReady;
        double otelAdded = median(results.get(Mode.OTEL), Launch::readyMs) - baseReady;
        System.out.printf(Locale.ROOT, "%nstart-up added: perf-agent %.0f ms, OpenTelemetry agent %.0f ms;"
                + " ratio perf-agent / OpenTelemetry = %.2f%n", perfAdded, otelAdded, perfAdded / otelAdded);
        // perf-agent weaves on a background thread, so the service may answer before it measures anything;
        // the OpenTelemetry agent installs itself before main. Counting until perf-agent has started too:
        double perfStartedAdded = median(results.get(Mode.PERF_AGENT), l -> Math.max(l.readyMs, l.agentStartedMs))
                - baseReady;
        System.out.printf(Locale.ROOT, "until the first answer AND perf-agent started: perf-agent %.0f ms added;"
                + " ratio to the OpenTelemetry agent's %.0f ms = %.2f%n", perfStartedAdded, otelAdded,
                perfStartedAdded / otelAdded);
        double baseCpu = median(results.get(Mode.NONE), Launch::cpuAtReadyMs);
        double perfCpu = median(results.get(Mode.PERF_AGENT), Launch::cpuAtReadyMs) - baseCpu;
        double otelCpu = median(results.get(Mode.OTEL), Launch::cpuAtReadyMs) - baseCpu;
        System.out.printf(Locale.ROOT, "CPU time added by the first answer: perf-agent %.0f ms, OpenTelemetry agent %.0f ms;"
                + " ratio %.2f%n", perfCpu, otelCpu, perfCpu / otelCpu);
        System.out.printf(Locale.ROOT, "heap added (median used heap after GC, minus no agent's):"
                        + " perf-agent %+.1f MiB, OpenTelemetry agent %+.1f MiB%n",
                median(results.get(Mode.PERF_AGENT), Launch::heapMb) - baseHeap,
                median(results.get(Mode.OTEL), Launch::heapMb) - baseHeap);
    }

    private static String range(List<Launch> runs, ToDoubleFunction<Launch> f, String format) {
        return Spread.of(runs.stream().mapToDouble(f).toArray()).format(format);
    }

    private static double median(List<Launch> runs, ToDoubleFunction<Launch> f) {
        return Spread.of(runs.stream().mapToDouble(f).toArray()).median();
    }

    /** Command-line options; paths are relative to the working directory ({@code benchmarks/}). */
    private static final class Options {
        int runs = 7;
        int requests = 200;
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path app = Paths.get("target/inference-service.jar");
        Path perfAgent = Paths.get("target/perf-agent.jar");
        Path perfAgentConfig = Paths.get("../sample-apps/inference-service/perf-agent.yaml");
        Path otelAgent = Paths.get("target/opentelemetry-javaagent.jar");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException("missing value after " + args[i]);
                }
                switch (args[i++]) {
                    case "--runs": o.runs = Integer.parseInt(value); break;
                    case "--requests": o.requests = Integer.parseInt(value); break;
                    case "--java": o.java = Paths.get(value); break;
                    case "--app": o.app = Paths.get(value); break;
                    case "--perf-agent": o.perfAgent = Paths.get(value); break;
                    case "--perf-agent-config": o.perfAgentConfig = Paths.get(value); break;
                    case "--otel-agent": o.otelAgent = Paths.get(value); break;
                    default: throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            for (Path p : List.of(o.java, o.app, o.perfAgent, o.perfAgentConfig, o.otelAgent)) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("not found: " + p.toAbsolutePath()
                            + " (run from benchmarks/ after 'mvn package', or name it with an option)");
                }
            }
            if (o.runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            return o;
        }
    }
}
