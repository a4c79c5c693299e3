package dev.perfagent.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests/s that continuous profiling costs the sample inference service (issue 5, item 6): the
 * service with no agent, with plain JFR at its {@code profile} settings, and with perf-agent profiling
 * at its defaults ({@code profiling: {}} and one {@code time:} rule on the model's {@code score}, as a
 * user would have it; {@code profiling-overhead.yaml}). Not a JMH benchmark: each sample is a fresh
 * service JVM.
 *
 * <p>For each round, and each configuration in an order that rotates by one every round (so that drift
 * in the machine's speed falls on every configuration alike), it starts the service
 * ({@code inference-service.jar serve --port 0}), waits for perf-agent to report that it has started
 * where it runs, and drives it with the service's own load generator in another JVM
 * ({@code inference-service.jar bench}: closed loop, {@code --clients} clients, {@code --warmup} of load
 * that is not counted, then {@code --duration} measured). Both JVMs share the machine's cores; nothing is
 * pinned, so the generator competes with the service as a client on the same host would. It records
 * requests/s and p99, the service's CPU use over the measured period (from {@code /proc}), the share of
 * it taken by profiling threads (perf-agent's {@code perf-agent-profiler*} and JFR's {@code JFR *}, the
 * threads perf-agent's own {@code max-overhead} counts), and, for perf-agent, the {@code profiling}
 * section of its {@code /status}. It then prints a table: median requests/s per configuration with
 * min..max, the ratio to no agent and the share lost, and p99.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.ProfilingOverhead [--rounds 5] [--warmup 10s]
 *     [--duration 20s] [--clients 8] [--configs none,jfr-profile,perf-agent]
 * </pre>
 *
 * The service and the load generator run on the JVM given by {@code --java} (default: the one running
 * this class); see {@link Options#USAGE} for the paths. Exit status 2 on a usage error, 1 if a run failed (the other runs go on).
 */
public final class ProfilingOverhead {

    /** The method the config's {@code time:} rule matches; a run in which it was not timed fails. */
    static final String TIMED_METHOD = "dev.perfagent.sample.inference.MlpModel#score(float[])";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration BENCH_OVERHEAD = Duration.ofSeconds(90);
    private static final int MIN_SERVER_THREADS = 16;
    /** Kernel thread names (cut to 15 characters) of the threads perf-agent counts as profiling overhead. */
    private static final Predicate<String> PROFILING_THREAD = comm -> comm.startsWith("perf-agent-prof")
            || comm.startsWith("JFR ");

    /** What the service runs with. */
    enum Configuration {
        NONE("none", "no agent"),
        JFR_PROFILE("jfr-profile", "JFR, settings=profile"),
        PERF_AGENT("perf-agent", "perf-agent, profiling");

        final String spec;
        final String label;

        Configuration(String spec, String label) {
            this.spec = spec;
            this.label = label;
        }

        static Configuration parse(String spec) {
            for (Configuration c : values()) {
                if (c.spec.equals(spec)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown configuration '" + spec + "': expected none, jfr-profile or"
                    + " perf-agent");
        }
    }

    /**
     * What one run measured.
     *
     * @param configuration what the service ran with
     * @param round 1-based
     * @param result the load generator's report, or null on failure
     * @param serviceCores the service's CPU time over the measured period, in cores (CPU s per s)
     * @param profilingShare profiling threads' CPU time as a share of the service's, in percent
     * @param agentProfiling perf-agent's own account of its profiler (the {@code profiling} object of its
     *     {@code /status} at the end of the run), or null
     * @param windowsInPeriod profiling windows that ended within the measured period, or -1 without perf-agent
     * @param failure why there are no figures, or null
     */
    record Run(Configuration configuration, int round, LoadResult result, double serviceCores,
               double profilingShare, String agentProfiling, long windowsInPeriod, String failure) {
        static Run failed(Configuration configuration, int round, String failure) {
            return new Run(configuration, round, null, Double.NaN, Double.NaN, null, -1, failure);
        }

        /** @return perf-agent's measured overhead of its last window, in percent; NaN before a window ends */
        double agentOverheadPercent() {
            String value = agentProfiling == null ? null : field(agentProfiling, "lastOverheadPercent");
            return value == null || value.equals("null") ? Double.NaN : Double.parseDouble(value);
        }
    }

    /** CPU counters of the service at one moment. */
    private record CpuReading(long nanoTime, double processMs, double profilingMs, long windows) {
    }

    private final Options options;
    private final List<String> failures = new ArrayList<>();

    private ProfilingOverhead(Options options) {
        this.options = options;
    }

    /** Runs the comparison and prints a table; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ProfilingOverhead: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new ProfilingOverhead(options).run() ? 0 : 1);
    }

    private boolean run() throws IOException, InterruptedException {
        printHeader();
        if (options.configurations.contains(Configuration.PERF_AGENT)) {
            ChildJvm.CommandOutput validation = ChildJvm.runCommand(List.of(options.java.toString(), "-jar",
                    options.perfAgent.toString(), "config", "validate", options.perfAgentConfig.toString()),
                    Duration.ofSeconds(60));
            if (validation.status() != 0) {
                System.out.println("perf-agent rejects " + options.perfAgentConfig + ": " + validation.output());
                return false;
            }
        }
        Files.createDirectories(options.out);
        Map<Configuration, List<Run>> runs = new EnumMap<>(Configuration.class);
        options.configurations.forEach(c -> runs.put(c, new ArrayList<>()));
        for (int round = 1; round <= options.rounds; round++) {
            List<Configuration> order = new ArrayList<>(options.configurations);
            Collections.rotate(order, round - 1); // a different configuration goes first each round
            for (Configuration configuration : order) {
                String loadAverage = Machine.loadAverage();
                Run run = runOne(configuration, round);
                runs.get(configuration).add(run);
                printRun(run, loadAverage);
            }
        }
        printSummary(runs);
        if (!failures.isEmpty()) {
            System.out.println("\n" + failures.size() + " run(s) failed:");
            failures.forEach(f -> System.out.println("- " + f));
            return false;
        }
        return true;
    }

    private void printHeader() throws IOException, InterruptedException {
        System.out.println("# Profiling overhead on the inference service");
        System.out.println();
        System.out.println("| | |");
        System.out.println("|---|---|");
        System.out.println("| date | " + Instant.now() + " |");
        System.out.println("| machine | nproc " + Machine.processors() + ", load average before start "
                + Machine.loadAverage() + "; nothing pinned: the load generator's JVM shares the cores with the"
                + " service |");
        System.out.println("| java | `" + options.java + "`: " + Machine.javaVersion(options.java) + " |");
        System.out.println("| service | `" + options.app + " serve --port 0 --threads " + serverThreads()
                + "` (model mlp) |");
        System.out.println("| load | `bench --clients " + options.clients + " --warmup "
                + BatchConfiguration.durationText(options.warmup) + " --duration "
                + BatchConfiguration.durationText(options.duration) + "` against `/score`, closed loop, a fresh"
                + " service per run |");
        System.out.println("| rounds | " + options.rounds + ", configurations " + specs(options.configurations)
                + " in an order rotated by one each round |");
        System.out.println("| jfr-profile | `" + jfrOption() + "` |");
        System.out.println("| perf-agent | `" + agentOption() + "` |");
        System.out.println();
        System.out.println("perf-agent config (" + options.perfAgentConfig + "):");
        System.out.println();
        System.out.println("```yaml");
        System.out.println(Files.readString(options.perfAgentConfig).strip());
        System.out.println("```");
        System.out.println();
    }

    private Run runOne(Configuration configuration, int round) throws IOException, InterruptedException {
        List<String> serve = new ArrayList<>();
        serve.add(options.java.toString());
        if (configuration == Configuration.JFR_PROFILE) {
            serve.add(jfrOption());
        } else if (configuration == Configuration.PERF_AGENT) {
            serve.add(agentOption());
        }
        serve.addAll(List.of("-jar", options.app.toString(), "serve", "--port", "0",
                "--threads", Integer.toString(serverThreads())));
        ServiceProcess service;
        try {
            service = ServiceProcess.start(serve, START_TIMEOUT);
        } catch (IllegalStateException e) {
            return fail(configuration, round, e.getMessage());
        }
        try (service) {
            URI agent = null;
            if (configuration == Configuration.PERF_AGENT) {
                try {
                    agent = service.awaitAgentHttp(START_TIMEOUT);
                } catch (IllegalStateException e) {
                    return fail(configuration, round, e.getMessage());
                }
            }
            List<String> bench = List.of(options.java.toString(), "-jar", options.app.toString(), "bench",
                    "--clients", Integer.toString(options.clients),
                    "--warmup", BatchConfiguration.durationText(options.warmup),
                    "--duration", BatchConfiguration.durationText(options.duration),
                    "--target", service.base().resolve("/score").toString());
            // The generator measures from the end of its warm-up; read the service's counters then (its JVM
            // starts in a fraction of a second, so this reading falls just inside the warm-up, under load).
            URI status = agent == null ? null : agent.resolve("/status");
            CompletableFuture<CpuReading> atStart = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(options.warmup.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                try {
                    atStart.complete(read(service.pid(), status));
                } catch (IOException | InterruptedException | RuntimeException e) {
                    atStart.completeExceptionally(e);
                }
            });
            ChildJvm.Outcome outcome = ChildJvm.run(bench, options.warmup.plus(options.duration).plus(BENCH_OVERHEAD),
                    false);
            if (outcome.result() == null) {
                return fail(configuration, round, "bench: " + outcome.failure());
            }
            CpuReading start;
            CpuReading end;
            String statusJson = null;
            try {
                start = atStart.get(30, TimeUnit.SECONDS);
                end = read(service.pid(), status);
                if (status != null) {
                    statusJson = ServiceProcess.get(status);
                }
            } catch (Exception e) {
                return fail(configuration, round, "could not read the service's counters: " + e);
            }
            if (service.agentErrors() != null) {
                return fail(configuration, round, "perf-agent reported an error: " + service.agentErrors());
            }
            LoadResult result = outcome.result();
            if (result.errors() > 0 || result.stuckWorkers() > 0) {
                return fail(configuration, round, "the load had errors: " + result.json());
            }
            String agentProfiling = null;
            if (statusJson != null) {
                if (AgentStatusProbe.calls(statusJson, TIMED_METHOD) <= 0) {
                    return fail(configuration, round, TIMED_METHOD + " was not timed; /status: " + statusJson);
                }
                agentProfiling = profilingSection(statusJson);
                if (agentProfiling == null || agentProfiling.contains("\"engine\":\"off\"")) {
                    return fail(configuration, round, "perf-agent's profiler is not running; /status: " + statusJson);
                }
            }
            double processMs = end.processMs - start.processMs;
            double wallMs = (end.nanoTime - start.nanoTime) / 1e6;
            return new Run(configuration, round, result, processMs / wallMs,
                    processMs > 0 ? 100 * (end.profilingMs - start.profilingMs) / processMs : Double.NaN,
                    agentProfiling, agent == null ? -1 : end.windows - start.windows, null);
        }
    }

    private Run fail(Configuration configuration, int round, String why) {
        failures.add("round " + round + ", " + configuration.spec + ": " + why);
        return Run.failed(configuration, round, why);
    }

    private static CpuReading read(long pid, URI status) throws IOException, InterruptedException {
        long windows = -1;
        if (status != null) {
            String section = profilingSection(ServiceProcess.get(status));
            String value = section == null ? null : field(section, "windows");
            windows = value == null ? -1 : Long.parseLong(value);
        }
        return new CpuReading(System.nanoTime(), ProcessCpu.millis(pid), ProcessCpu.threadMillis(pid, PROFILING_THREAD),
                windows);
    }

    /** @return the {@code "profiling":{...}} object of a {@code /status} document (no nested braces but its maps), or null */
    static String profilingSection(String statusJson) {
        int at = statusJson.indexOf("\"profiling\":{");
        if (at < 0) {
            return null;
        }
        int depth = 0;
        for (int i = at + "\"profiling\":".length(); i < statusJson.length(); i++) {
            char c = statusJson.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return statusJson.substring(at + "\"profiling\":".length(), i + 1);
            }
        }
        return null;
    }

    /** @return the raw value of a top-level number, string or null member of a flat JSON object, or null */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"[^\"]*\"|[^,}]+)").matcher(json);
        return m.find() ? m.group(1).replace("\"", "") : null;
    }

    private void printRun(Run run, String loadAverage) {
        if (run.failure() != null) {
            System.out.printf(Locale.ROOT, "round %d %-12s FAILED (load average before %s): %s%n", run.round(),
                    run.configuration().spec, loadAverage, run.failure());
            return;
        }
        LoadResult r = run.result();
        System.out.printf(Locale.ROOT, "round %d %-12s %9s req/s  p50 %7.0f µs  p99 %7.0f µs  service CPU %.2f cores"
                        + "  profiling threads %.2f%% of it  (load average before %s)%n", run.round(),
                run.configuration().spec, Table.count(r.itemsPerSecond()), r.p50Micros(), r.p99Micros(),
                run.serviceCores(), run.profilingShare(), loadAverage);
        if (run.agentProfiling() != null) {
            String p = run.agentProfiling();
            double overhead = run.agentOverheadPercent();
            System.out.printf(Locale.ROOT, "        perf-agent /status: engine %s (%s), interval %s ms, windows %s (%d ended"
                            + " in the measured period), last window's overhead %s%s%n", field(p, "engine"),
                    field(p, "mode"), field(p, "intervalMs"), field(p, "windows"), run.windowsInPeriod(),
                    Double.isNaN(overhead) ? "– (no window has ended yet; window " + field(p, "windowSeconds") + " s)"
                            : String.format(Locale.ROOT, "%.2f%%", overhead),
                    field(p, "lastError") == null || field(p, "lastError").equals("null") ? ""
                            : ", last error: " + field(p, "lastError"));
        }
    }

    private void printSummary(Map<Configuration, List<Run>> runs) {
        System.out.printf(Locale.ROOT, "%n%d round(s); median (min..max) over the runs that succeeded:%n%n",
                options.rounds);
        System.out.println("| configuration | runs | requests/s | × none | lost | lost, per round | p99 µs "
                + "| service CPU (cores) | profiling threads' share of it |");
        System.out.println("|---|---:|---|---:|---:|---|---|---|---|");
        List<Run> none = succeeded(runs.getOrDefault(Configuration.NONE, List.of()));
        double baseline = Spread.of(values(none, r -> r.result().itemsPerSecond())).median();
        for (Configuration configuration : options.configurations) {
            List<Run> ok = succeeded(runs.get(configuration));
            Spread rate = Spread.of(values(ok, r -> r.result().itemsPerSecond()));
            double ratio = rate.median() / baseline;
            boolean baselineRow = configuration == Configuration.NONE;
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", configuration.label,
                    ok.size(), rate.format("%,.0f"), baselineRow ? "1" : fixed("%.3f", ratio),
                    baselineRow ? "" : fixed("%.1f%%", 100 * (1 - ratio)),
                    baselineRow ? "" : pairedLoss(none, ok),
                    Spread.of(values(ok, r -> r.result().p99Micros())).format("%,.0f"),
                    Spread.of(values(ok, Run::serviceCores)).format("%.2f"),
                    Spread.of(values(ok, Run::profilingShare)).format("%.2f%%"));
        }
        List<Run> agentRuns = succeeded(runs.getOrDefault(Configuration.PERF_AGENT, List.of()));
        double[] agentOverheads = agentRuns.stream().mapToDouble(Run::agentOverheadPercent)
                .filter(v -> !Double.isNaN(v)).toArray();
        if (!agentRuns.isEmpty()) {
            System.out.println();
            System.out.println(agentOverheads.length == 0
                    ? "perf-agent's own overhead figure (/status): none, no profiling window ended in any run"
                    : String.format(Locale.ROOT, "perf-agent's own overhead figure (its last window, /status): %s"
                            + " over the %d run(s) that had one", Spread.of(agentOverheads).format("%.2f%%"),
                            agentOverheads.length));
            if (agentRuns.stream().anyMatch(r -> r.windowsInPeriod() == 0)) {
                System.out.println("note: in some perf-agent runs no profiling window ended within the measured"
                        + " period, so the work done at a window's end (collecting and collapsing the stacks, the"
                        + " advisor) is not in their figures; a --warmup plus --duration longer than the window"
                        + " (60 s by default) includes it.");
            }
        }
        if (runs.containsKey(Configuration.PERF_AGENT) && !Double.isNaN(baseline)) {
            double loss = 100 * (1 - Spread.of(values(succeeded(runs.get(Configuration.PERF_AGENT)),
                    r -> r.result().itemsPerSecond())).median() / baseline);
            System.out.printf(Locale.ROOT, "%ntarget: perf-agent's profiling (%s) loses ≤ 2%% of requests/s;"
                    + " this run: %s (%s)%n", options.perfAgentConfig.getFileName(), fixed("%.1f%%", loss),
                    Double.isNaN(loss) ? "no figure" : (loss <= 2 ? "met" : "not met")
                            // One or two samples per configuration cannot tell 2% from the noise of a shared machine.
                            + (options.rounds < 3 ? "; " + options.rounds + " round(s), too few to judge" : ""));
        }
    }

    /** Loss of each round's run against the same round's no-agent run: drift between rounds cancels out. */
    private static String pairedLoss(List<Run> none, List<Run> runs) {
        List<Double> losses = new ArrayList<>();
        for (Run run : runs) {
            none.stream().filter(n -> n.round() == run.round()).findFirst().ifPresent(n -> losses.add(
                    100 * (1 - run.result().itemsPerSecond() / n.result().itemsPerSecond())));
        }
        return losses.isEmpty() ? "–" : Spread.of(losses.stream().mapToDouble(Double::doubleValue).toArray())
                .format("%.1f%%");
    }

    private static List<Run> succeeded(List<Run> runs) {
        return runs.stream().filter(r -> r.result() != null).toList();
    }

    private static double[] values(List<Run> runs, ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    private static String fixed(String format, double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }

    private int serverThreads() {
        // Every client's request can be in the model at once; queueing in the server is not what is measured.
        return Math.max(MIN_SERVER_THREADS, options.clients);
    }

    private String jfrOption() {
        return "-XX:StartFlightRecording=settings=profile,filename=" + options.out.resolve("jfr-profile.jfr");
    }

    private String agentOption() {
        return "-javaagent:" + options.perfAgent + "=config=" + options.perfAgentConfig;
    }

    private static String specs(List<Configuration> configurations) {
        return String.join(",", configurations.stream().map(c -> c.spec).toList());
    }

    /**
     * Command-line options. Paths default to the builds in this repository, found by walking up from the
     * working directory.
     */
    private static final class Options {
        static final String USAGE = String.join("\n",
                "usage: java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.ProfilingOverhead [--rounds 5]",
                "    [--warmup 10s] [--duration 20s] [--clients 8] [--configs none,jfr-profile,perf-agent] [--java JAVA]",
                "    [--app sample-apps/inference-service/target/inference-service.jar]",
                "    [--perf-agent agent/target/perf-agent.jar] [--perf-agent-config benchmarks/profiling-overhead.yaml]",
                "    [--out benchmarks/target/profiling-overhead]",
                "  (paths default to this repository's builds; durations like 500ms, 10s, 1m)");

        int rounds = 5;
        Duration warmup = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(20);
        int clients = 8;
        List<Configuration> configurations = List.of(Configuration.values());
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path app;
        Path perfAgent;
        Path perfAgentConfig;
        Path out;

        static Options parse(String[] args) {
            Options o = new Options();
            // The service's own build: bench needs the libraries in its lib/ (the copy in benchmarks/target has none).
            Path root = BatchingOptions.repositoryRoot();
            o.app = root.resolve("sample-apps/inference-service/target/inference-service.jar");
            o.perfAgent = root.resolve("agent/target/perf-agent.jar");
            o.perfAgentConfig = root.resolve("benchmarks/profiling-overhead.yaml");
            o.out = root.resolve("benchmarks/target/profiling-overhead");
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                String value = args[++i];
                switch (option) {
                    case "--rounds": o.rounds = positive(option, value); break;
                    case "--warmup": o.warmup = BatchingOptions.duration(value); break;
                    case "--duration": o.duration = BatchingOptions.duration(value); break;
                    case "--clients": o.clients = positive(option, value); break;
                    case "--configs": o.configurations = parseConfigurations(value); break;
                    case "--java": o.java = Paths.get(value); break;
                    case "--app": o.app = Paths.get(value); break;
                    case "--perf-agent": o.perfAgent = Paths.get(value); break;
                    case "--perf-agent-config": o.perfAgentConfig = Paths.get(value); break;
                    case "--out": o.out = Paths.get(value); break;
                    default: throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (o.duration.isZero() || o.duration.isNegative()) {
                throw new IllegalArgumentException("--duration must be positive");
            }
            for (Path p : List.of(o.java, o.app, o.perfAgent, o.perfAgentConfig)) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("not found: " + p.toAbsolutePath()
                            + " (build with 'mvn -pl benchmarks -am package', or name it with an option)");
                }
            }
            // The service gets them on its command line: absolute, whatever its working directory.
            o.app = o.app.toAbsolutePath().normalize();
            o.perfAgent = o.perfAgent.toAbsolutePath().normalize();
            o.perfAgentConfig = o.perfAgentConfig.toAbsolutePath().normalize();
            o.out = o.out.toAbsolutePath().normalize();
            return o;
        }

        private static List<Configuration> parseConfigurations(String value) {
            List<Configuration> list = new ArrayList<>();
            for (String spec : value.split(",")) {
                Configuration c = Configuration.parse(spec.trim());
                if (list.contains(c)) {
                    throw new IllegalArgumentException("configuration '" + spec + "' given twice");
                }
                list.add(c);
            }
            return List.copyOf(list);
        }

        private static int positive(String option, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException(option + " expects a whole number ≥ 1, got '" + value + "'");
        }
    }
}
