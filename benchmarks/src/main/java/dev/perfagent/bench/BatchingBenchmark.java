package dev.perfagent.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Dynamic batching of the sample service's model, compared in one run (issue 3, item 8): no agent,
 * perf-agent's batch layer (default, and with {@code slo-p99}), the fixed policies of other servers
 * (delay 0 as Triton's default, 1 ms and 5 ms as TF Serving, 100 ms as TorchServe and DJL), a sweep of
 * fixed {@code max-size} for the best fixed batch size, and the ceiling: the items/s of the same model
 * fed pre-formed batches by as many threads as the batcher has workers, with no hand-off at all.
 *
 * <p>Each run is a fresh JVM running {@code inference-service.jar load} (threads calling {@code
 * score(float[])} in-process, see {@code LoadGenerator} there; {@link InProcessRunner}), with {@code
 * -javaagent:perf-agent.jar=config=GENERATED.yaml} for the agent configurations; the generated configs
 * are kept under {@code OUT/configs/}. With {@code --http} ({@link HttpRunner}) each run is the service
 * ({@code serve}) in one JVM and the load ({@code bench}) in another, and each load's ceiling is the same
 * server with the no-op model. The reference ceiling runs first: open-loop rates are fractions of it.
 * For each load it prints a markdown table (items/s, fraction of the ceiling, ratio to no agent,
 * p50/p99 µs, goodput within the SLO, mean batch size as counted by the model, errors and unsent
 * requests), and appends every run's JSON to {@code OUT/results-TIME.jsonl}.
 *
 * <p>An agent run fails, with the agent's own message, if the agent rejects the generated config
 * ({@code perf-agent config validate} first, then any {@code ERROR} the agent logs during the run), or
 * if the model's {@code scoreBatch} was never called (the rule did not take). The other runs go on,
 * and the exit status is 1 if any run failed.
 *
 * <pre>
 * mvn -B -q -o -pl sample-apps/inference-service,benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.BatchingBenchmark --quick   # a few minutes
 * java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.BatchingBenchmark --full    # about half an hour
 * java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.BatchingBenchmark --configs none --loads closed:64
 * java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.BatchingBenchmark --quick --http
 * java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.BatchingBenchmark --device cuda   # -Pgpu build, a GPU
 * </pre>
 *
 * See {@link BatchingOptions#USAGE} for every option.
 */
public final class BatchingBenchmark {

    private final BatchingOptions options;
    private final BatchingRunner runner;
    private final List<BatchConfiguration> configurations = new ArrayList<>();
    private final List<LoadShape> loads;
    private final Map<String, String> rejectedConfigs = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;
    private Writer results;
    private int runsDone;
    private int runsTotal;

    private BatchingBenchmark(BatchingOptions options) {
        this.options = options;
        this.runner = options.http ? new HttpRunner(options) : new InProcessRunner(options);
        for (String spec : options.configSpecs.split(",")) {
            configurations.add(BatchConfiguration.parse(spec, options.maxSize, options.slo)
                    .withWorkers(options.workers));
        }
        this.loads = LoadShape.parseAll(options.loadSpecs, options.openClients, options.burst);
    }

    /** Runs the comparison; see the class comment. Exit status 2 on a usage error, 1 if a run failed. */
    public static void main(String[] args) throws Exception {
        BatchingBenchmark benchmark;
        try {
            BatchingOptions options = BatchingOptions.parse(args);
            benchmark = new BatchingBenchmark(options);
            options.checkPaths(benchmark.configurations.stream().anyMatch(BatchConfiguration::usesAgent));
        } catch (IllegalArgumentException e) {
            System.err.println("BatchingBenchmark: " + e.getMessage());
            System.err.println(BatchingOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(benchmark.run() ? 0 : 1);
    }

    private boolean run() throws IOException, InterruptedException {
        Path configDir = options.out.resolve("configs");
        Files.createDirectories(configDir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path resultsFile = options.out.resolve("results-" + stamp + ".jsonl");
        runsTotal = 1 + configurations.size() * loads.size() + (runner.ceilingPerLoad() ? loads.size() : 0);
        try (Writer writer = Files.newBufferedWriter(resultsFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
            results = writer;
            printHeader(resultsFile);
            validateConfigs(configDir);
            Table.Row reference = measure(runner.ceilingLabel(), "ceiling", "reference",
                    () -> runner.ceiling(null, Double.NaN));
            if (reference.result() == null) {
                out.println("\nThe ceiling run failed, so no fraction or open-loop rate can be computed:\n"
                        + reference.failure());
                return false;
            }
            double referenceItems = reference.result().itemsPerSecond();
            out.printf(Locale.ROOT, "%nreference ceiling: %s items/s (%s%s)%n", Table.count(referenceItems),
                    runner.ceilingLabel(), options.http ? ", " + options.httpCeilingClients + " closed-loop clients" : "");
            for (LoadShape load : loads) {
                List<Table.Row> rows = new ArrayList<>();
                Table.Row ceiling = runner.ceilingPerLoad()
                        ? measure(runner.ceilingLabel(), "ceiling", load.spec(), () -> runner.ceiling(load, referenceItems))
                        : reference;
                rows.add(ceiling);
                for (BatchConfiguration configuration : configurations) {
                    rows.add(runOne(configuration, load, referenceItems, configDir));
                }
                double tableCeiling = ceiling.result() != null ? ceiling.result().itemsPerSecond() : Double.NaN;
                printTable(load, rows, tableCeiling, referenceItems);
            }
        }
        out.println("\nresults: " + resultsFile.toAbsolutePath());
        if (!failures.isEmpty()) {
            out.println("\n" + failures.size() + " run(s) failed:");
            failures.forEach(f -> out.println("- " + f));
            return false;
        }
        return true;
    }

    private void printHeader(Path resultsFile) throws IOException, InterruptedException {
        out.println("# Batching benchmark (" + options.preset + " preset, "
                + (options.http ? "over HTTP" : "in-process") + ")");
        out.println();
        out.println("| | |");
        out.println("|---|---|");
        out.println("| date | " + Instant.now() + " |");
        out.println("| machine | nproc " + Machine.processors() + ", load average at start "
                + Machine.loadAverage() + " (it counts this benchmark's own threads from the run before) |");
        out.println("| java | `" + options.java + "`: " + Machine.javaVersion(options.java) + " |");
        out.println("| model | " + options.model + " on " + options.device + " (intra-op threads " + options.intraOpThreads
                + ") |");
        out.println("| app | `" + options.app.toAbsolutePath().normalize() + "` |");
        out.println("| agent | `" + options.agent.toAbsolutePath().normalize() + "` |");
        out.println("| periods | warm-up " + BatchConfiguration.durationText(options.warmup) + ", measured "
                + BatchConfiguration.durationText(options.duration) + ", a fresh JVM per run, seed " + options.seed + " |");
        out.println("| SLO | " + BatchConfiguration.durationText(options.slo) + " (the slo-p99 configuration; goodput"
                + " counts completions within it) |");
        out.println("| batcher | max-size " + options.maxSize + " unless swept, workers " + options.workers
                + "; overload runs add when-full: reject, queue-capacity " + options.overloadQueue + " |");
        out.println("| raw results | `" + resultsFile.toAbsolutePath() + "` |");
    }

    /** Writes every agent config and has the agent validate it; a rejected one fails its runs up front. */
    private void validateConfigs(Path configDir) throws IOException, InterruptedException {
        boolean anyOverload = loads.stream().anyMatch(LoadShape::overload);
        for (BatchConfiguration configuration : configurations) {
            if (!configuration.usesAgent()) {
                continue;
            }
            for (boolean overload : anyOverload ? new boolean[] {false, true} : new boolean[] {false}) {
                Path file = configFile(configuration, overload, configDir);
                Files.writeString(file, configuration.yaml(options.modelClass(), overload, options.overloadQueue));
                ChildJvm.CommandOutput validation = ChildJvm.runCommand(List.of(options.java.toString(), "-jar",
                        options.agent.toString(), "config", "validate", file.toString()), Duration.ofSeconds(60));
                if (validation.status() != 0) {
                    rejectedConfigs.put(file.toString(),
                            "perf-agent rejects the generated config " + file + ": " + validation.output());
                }
            }
        }
    }

    private static Path configFile(BatchConfiguration configuration, boolean overload, Path configDir) {
        return configDir.resolve(configuration.slug(overload) + ".yaml");
    }

    private Table.Row runOne(BatchConfiguration configuration, LoadShape load, double referenceItems, Path configDir)
            throws IOException, InterruptedException {
        Path config = configuration.usesAgent() ? configFile(configuration, load.overload(), configDir) : null;
        String rejected = config == null ? null : rejectedConfigs.get(config.toString());
        return measure(configuration.label(), configuration.spec(), load.spec(), () -> rejected != null
                ? Attempt.failed("(not run)", rejected)
                : runner.run(configuration, config, load, referenceItems));
    }

    /** One run, whatever the runner: progress, the JSON record, the failure list. */
    private Table.Row measure(String label, String spec, String load, RunAction action)
            throws IOException, InterruptedException {
        String loadAverage = Machine.loadAverage();
        progress.printf(Locale.ROOT, "[%d/%d] %s × %s (load average %s) ...%n", ++runsDone, runsTotal, load, label,
                loadAverage);
        Attempt attempt = action.run();
        attempt.agentWarnings().forEach(w -> progress.println("    perf-agent WARN: " + w));
        if (attempt.failure() == null && attempt.result().stuckWorkers() > 0) {
            attempt = attempt.fail(attempt.result().stuckWorkers() + " worker(s) never got an answer: "
                    + attempt.result().json());
        }
        record(label, spec, load, loadAverage, attempt);
        if (attempt.failure() != null) {
            failures.add(load + " × " + label + ": " + attempt.failure());
            progress.println("    FAILED: " + attempt.failure());
            return new Table.Row(label, spec, null, attempt.failure());
        }
        LoadResult r = attempt.result();
        progress.printf(Locale.ROOT, "    %s items/s, p50 %.1f µs, p99 %.1f µs, mean batch %s%n",
                Table.count(r.itemsPerSecond()), r.p50Micros(), r.p99Micros(),
                r.meanBatch().isPresent() ? String.format(Locale.ROOT, "%.1f", r.meanBatch().getAsDouble()) : "–");
        return new Table.Row(label, spec, r, null);
    }

    /** A run that may launch processes. */
    @FunctionalInterface
    private interface RunAction {
        Attempt run() throws IOException, InterruptedException;
    }

    private void record(String label, String spec, String load, String loadAverage, Attempt attempt)
            throws IOException {
        StringBuilder line = new StringBuilder("{")
                .append("\"time\":").append(quote(Instant.now().toString()))
                .append(",\"mode\":").append(quote(options.http ? "http" : "in-process"))
                .append(",\"model\":").append(quote(options.model))
                .append(",\"device\":").append(quote(options.device))
                .append(",\"load\":").append(quote(load))
                .append(",\"configuration\":").append(quote(spec))
                .append(",\"label\":").append(quote(label))
                .append(",\"load_average\":").append(quote(loadAverage))
                .append(",\"command\":").append(quote(attempt.command()));
        if (attempt.result() != null) {
            line.append(",\"result\":").append(attempt.result().json());
            attempt.result().meanBatch().ifPresent(b -> line.append(",\"mean_batch\":")
                    .append(String.format(Locale.ROOT, "%.2f", b)));
        }
        if (attempt.failure() != null) {
            line.append(",\"failure\":").append(quote(attempt.failure()));
        }
        results.write(line.append("}\n").toString());
        results.flush();
    }

    private void printTable(LoadShape load, List<Table.Row> rows, double ceiling, double referenceItems) {
        out.println();
        out.println("## " + load.title(referenceItems));
        out.println();
        out.print(Table.format(rows, ceiling, BatchConfiguration.durationText(options.slo)));
        bestFixedSize(load, rows).ifPresent(out::println);
        for (Table.Row row : rows) {
            if (row.failure() != null) {
                out.println();
                out.println("- " + row.label() + " failed: " + row.failure());
            }
        }
    }

    /** The best of the max-size sweep for this load: most items/s closed loop, most goodput open loop. */
    private Optional<String> bestFixedSize(LoadShape load, List<Table.Row> rows) {
        Table.Row best = null;
        double bestScore = -1;
        for (Table.Row row : rows) {
            if (row.result() == null || !row.spec().startsWith("size:")) {
                continue;
            }
            double score = score(load, row.result());
            if (score > bestScore) {
                best = row;
                bestScore = score;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%nbest fixed batch size for this load: %s"
                + " (%s %s)", best.label(), Table.count(bestScore), load.openLoop() ? "goodput/s" : "items/s"));
        for (Table.Row row : rows) {
            if (row.result() != null && (row.spec().equals("default") || row.spec().equals("slo"))) {
                line.append(String.format(Locale.ROOT, "; %s: %.0f%% of it", row.label(),
                        100 * score(load, row.result()) / bestScore));
            }
        }
        return Optional.of(line.toString());
    }

    private static double score(LoadShape load, LoadResult result) {
        OptionalDouble goodput = result.goodput();
        return load.openLoop() && goodput.isPresent() ? goodput.getAsDouble() : result.itemsPerSecond();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
