package dev.perfagent.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link BatchingBenchmark}. A preset ({@code --quick}, the default, or
 * {@code --full}) chooses the configurations, loads and periods; any option given after it wins.
 * Paths default to the builds in this repository, found by walking up from the working directory,
 * and can also be set with system properties {@code perfagent.bench.java}, {@code .agent}, {@code .app}
 * and {@code .out}.
 */
final class BatchingOptions {

    /** The quick preset: a few minutes on two cores. */
    static final String QUICK_CONFIGS = "none,default,slo";
    static final String QUICK_LOADS = "closed:1,closed:64,poisson:0.9";
    /** The full preset: every anchor and the whole max-size sweep under every load (about half an hour). */
    static final String FULL_CONFIGS = "none,default,slo,delay:0ms,delay:1ms,delay:5ms,delay:100ms,"
            + "size:1,size:4,size:8,size:16,size:32,size:64,size:128";
    static final String FULL_LOADS = "closed:1,closed:8,closed:64,closed:256,poisson:0.5,poisson:0.9,"
            + "bursty:0.5,bursty:0.9,overload:3";

    String preset = "quick";
    String model = "onnx-large";
    /** {@code cpu} or {@code cuda}: where the service runs its model ({@code --device} of serve and load). */
    String device = "cpu";
    String configSpecs = QUICK_CONFIGS;
    String loadSpecs = QUICK_LOADS;
    Duration warmup = Duration.ofSeconds(8);
    Duration duration = Duration.ofSeconds(5);
    Duration slo = Duration.ofMillis(20);
    int maxSize = 64;
    /** {@code workers} of every agent configuration: batches in flight at once. */
    int workers = 1;
    /** Threads of the ceiling run; null: as many as {@link #workers}. */
    Integer ceilingThreads;
    Integer ceilingBatch;
    int openClients = 256;
    int burst = 32;
    int overloadQueue = 128;
    int intraOpThreads = 1;
    boolean http;
    /** Load workers (in-process) or the server's request threads (--http) on virtual threads (JDK 21+). */
    boolean virtualThreads;
    int httpCeilingClients = 64;
    long seed = 42;
    Path java = Paths.get(System.getProperty("perfagent.bench.java",
            Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
    Path agent;
    Path app;
    Path out;
    final List<String> jvmArgs = new ArrayList<>();

    static final String USAGE = String.join("\n",
            "usage: java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.BatchingBenchmark [--quick|--full] [--http]"
                    + " [--virtual-threads]",
            "    [--model onnx-large|onnx-small|mlp|noop] [--device cpu|cuda] [--configs SPECS] [--loads SPECS]",
            "    [--warmup D] [--duration D] [--slo D] [--max-size N] [--workers W] [--ceiling-threads W] [--ceiling-batch B]",
            "    [--open-clients N] [--burst N] [--overload-queue N] [--intra-op-threads N] [--seed N]",
            "    [--http-ceiling-clients N] [--java PATH] [--agent PATH] [--app PATH] [--out DIR] [--jvm-arg ARG]...",
            "  --http: the service in one JVM (serve) and the load in another (bench); the ceiling is the same server"
                    + " with --model noop",
            "  --workers W: workers: W in every agent configuration (batches in flight at once); the ceiling then runs"
                    + " W threads",
            "  --virtual-threads: in-process load workers, or with --http the server's request threads, on virtual"
                    + " threads (needs --java of JDK 21+)",
            "  --device cuda: the model on GPU 0: the ONNX models on ONNX Runtime's CUDA provider (an"
                    + " inference-service.jar built with -Pgpu, CUDA 12, cuDNN 9), mlp on cuBLAS (CUDA 13); the HTTP"
                    + " ceiling's no-op model stays on the CPU",
            "  configurations: none | default | slo | delay:D | size:N   (quick: " + QUICK_CONFIGS + ")",
            "  loads: closed:N | poisson:F | bursty:F[:BURST] | overload:F, F a fraction of the ceiling"
                    + "   (quick: " + QUICK_LOADS + ")",
            "  full: configurations " + FULL_CONFIGS,
            "        loads " + FULL_LOADS + "; warmup 10s, duration 10s (quick: 8s, 5s)");

    /** @throws IllegalArgumentException on a bad option, naming it */
    static BatchingOptions parse(String[] args) {
        BatchingOptions o = new BatchingOptions();
        Path root = repositoryRoot();
        o.agent = Paths.get(System.getProperty("perfagent.bench.agent", root.resolve("agent/target/perf-agent.jar").toString()));
        o.app = Paths.get(System.getProperty("perfagent.bench.app",
                root.resolve("sample-apps/inference-service/target/inference-service.jar").toString()));
        o.out = Paths.get(System.getProperty("perfagent.bench.out", root.resolve("benchmarks/target/batching").toString()));
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick":
                    o.preset = "quick";
                    o.configSpecs = QUICK_CONFIGS;
                    o.loadSpecs = QUICK_LOADS;
                    // The agent starts in the background; under full load on 2 cores that takes seconds.
                    o.warmup = Duration.ofSeconds(8);
                    o.duration = Duration.ofSeconds(5);
                    continue;
                case "--full":
                    o.preset = "full";
                    o.configSpecs = FULL_CONFIGS;
                    o.loadSpecs = FULL_LOADS;
                    o.warmup = Duration.ofSeconds(10);
                    o.duration = Duration.ofSeconds(10);
                    continue;
                case "--http":
                    o.http = true;
                    continue;
                case "--virtual-threads":
                    o.virtualThreads = true;
                    continue;
                default:
                    break;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value"
                        : "unexpected argument '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--model": o.model = value; break;
                case "--device": o.device = value; break;
                case "--configs": o.configSpecs = value; break;
                case "--loads": o.loadSpecs = value; break;
                case "--warmup": o.warmup = duration(value); break;
                case "--duration": o.duration = duration(value); break;
                case "--slo": o.slo = duration(value); break;
                case "--max-size": o.maxSize = positive(option, value); break;
                case "--workers": o.workers = positive(option, value); break;
                case "--ceiling-threads": o.ceilingThreads = positive(option, value); break;
                case "--ceiling-batch": o.ceilingBatch = positive(option, value); break;
                case "--open-clients": o.openClients = positive(option, value); break;
                case "--burst": o.burst = positive(option, value); break;
                case "--overload-queue": o.overloadQueue = positive(option, value); break;
                case "--intra-op-threads": o.intraOpThreads = positive(option, value); break;
                case "--http-ceiling-clients": o.httpCeilingClients = positive(option, value); break;
                case "--seed": o.seed = Long.parseLong(value); break;
                case "--java": o.java = Paths.get(value); break;
                case "--agent": o.agent = Paths.get(value); break;
                case "--app": o.app = Paths.get(value); break;
                case "--out": o.out = Paths.get(value); break;
                case "--jvm-arg": o.jvmArgs.add(value); break;
                default: throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (!List.of("onnx-large", "onnx-small", "mlp", "noop").contains(o.model)) {
            throw new IllegalArgumentException("--model must be onnx-large, onnx-small, mlp or noop, got " + o.model);
        }
        if (!List.of("cpu", "cuda").contains(o.device)) {
            throw new IllegalArgumentException("--device must be cpu or cuda, got " + o.device);
        }
        if (o.device.equals("cuda") && o.model.equals("noop")) {
            throw new IllegalArgumentException("--device cuda applies to --model onnx-large, onnx-small and mlp only,"
                    + " not " + o.model);
        }
        return o;
    }

    /** @return threads of the ceiling run: {@code --ceiling-threads}, or the batcher's {@code workers} */
    int ceilingThreads() {
        return ceilingThreads != null ? ceilingThreads : workers;
    }

    /** @return items per ceiling call: {@code --ceiling-batch}, or the agent's {@code max-size} */
    int ceilingBatch() {
        return ceilingBatch != null ? ceilingBatch : maxSize;
    }

    /** @return the model's layer sizes, which the no-op model of the HTTP ceiling copies */
    String layerSizes() {
        return model.equals("onnx-small") ? "64,128,16" : "256,1024,16";
    }

    /** @return the class whose {@code score(float[])} the agent batches */
    String modelClass() {
        switch (model) {
            case "mlp": return device.equals("cuda") ? "CublasMlpModel" : "MlpModel";
            case "noop": return "NoopModel";
            default: return "OnnxMlpModel";
        }
    }

    /** Checks that the files the chosen runs need exist. */
    void checkPaths(boolean needAgent) {
        check(java, "--java");
        check(app, "--app");
        if (!Files.isDirectory(app.resolveSibling("lib"))) {
            throw new IllegalArgumentException("no lib/ beside " + app.toAbsolutePath() + ": the load command needs the"
                    + " jars the build copies there (use sample-apps/inference-service/target/inference-service.jar)");
        }
        if (needAgent) {
            check(agent, "--agent");
        }
    }

    private static void check(Path path, String option) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("not found: " + path.toAbsolutePath() + " (build it with"
                    + " 'mvn -B -q -o -pl sample-apps/inference-service,benchmarks -am package -DskipTests',"
                    + " or name it with " + option + ")");
        }
    }

    /** The directory holding agent/ and sample-apps/, from the working directory up; else the working directory. */
    static Path repositoryRoot() {
        Path start = Paths.get("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("agent")) && Files.isDirectory(dir.resolve("sample-apps/inference-service"))) {
                return dir;
            }
        }
        return start;
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + n);
        }
        return n;
    }

    /** Durations as the agent and the load command write them: {@code 500us}, {@code 20ms}, {@code 5s}, {@code 1m}. */
    static Duration duration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int unit = 0;
        while (unit < s.length() && (Character.isDigit(s.charAt(unit)) || s.charAt(unit) == '.')) {
            unit++;
        }
        long nanosPerUnit;
        switch (s.substring(unit)) {
            case "ns": nanosPerUnit = 1L; break;
            case "us": nanosPerUnit = 1_000L; break;
            case "ms": nanosPerUnit = 1_000_000L; break;
            case "s": nanosPerUnit = 1_000_000_000L; break;
            case "m": nanosPerUnit = 60_000_000_000L; break;
            default: throw new IllegalArgumentException("bad duration '" + text + "': expected e.g. 500us, 20ms, 5s, 1m");
        }
        try {
            return Duration.ofNanos(new BigDecimal(s.substring(0, unit)).multiply(BigDecimal.valueOf(nanosPerUnit))
                    .longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad duration '" + text + "'");
        }
    }
}
