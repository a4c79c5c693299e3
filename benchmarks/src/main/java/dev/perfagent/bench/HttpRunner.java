package dev.perfagent.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of {@link BatchingBenchmark} over HTTP: for each run, the service in one JVM ({@code serve},
 * with the agent when the configuration has one, {@code --threads} at least the number of clients so
 * that every client's request can reach the model at once) and the load in another ({@code bench}
 * against {@code /score}). The ceiling of a load is the same server with the no-op model under that
 * load; the reference ceiling, which open-loop rates are fractions of, is that server under
 * {@code --http-ceiling-clients} closed-loop clients. Batch sizes come from the service's
 * {@code /info} before and after the load (so they include the warm-up).
 */
final class HttpRunner implements BatchingRunner {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RUN_OVERHEAD = Duration.ofSeconds(90);
    private static final int MIN_SERVER_THREADS = 16;

    private final BatchingOptions options;

    HttpRunner(BatchingOptions options) {
        this.options = options;
    }

    @Override
    public boolean ceilingPerLoad() {
        return true;
    }

    @Override
    public String ceilingLabel() {
        return "ceiling: the same server with the no-op model";
    }

    @Override
    public Attempt ceiling(LoadShape load, double referenceCeiling) throws IOException, InterruptedException {
        LoadShape shape = load != null ? load : LoadShape.parse("closed:" + options.httpCeilingClients, 1, 1);
        return run(null, shape, referenceCeiling, true);
    }

    @Override
    public Attempt run(BatchConfiguration configuration, Path config, LoadShape load, double referenceCeiling)
            throws IOException, InterruptedException {
        return run(config, load, referenceCeiling, false);
    }

    private Attempt run(Path config, LoadShape load, double referenceCeiling, boolean noop)
            throws IOException, InterruptedException {
        List<String> serve = serveCommand(config, load.clients(), noop);
        List<String> bench = new ArrayList<>();
        bench.add(options.java.toString());
        bench.addAll(List.of("-jar", options.app.toString(), "bench",
                "--clients", Integer.toString(load.clients()),
                "--arrival", load.arrival(referenceCeiling),
                "--warmup", BatchConfiguration.durationText(options.warmup),
                "--duration", BatchConfiguration.durationText(options.duration),
                "--seed", Long.toString(options.seed),
                "--slo", BatchConfiguration.durationText(options.slo)));
        String commands = String.join(" ", serve) + " ; " + String.join(" ", bench) + " --target BASE/score";
        ServiceProcess server;
        try {
            server = ServiceProcess.start(serve, START_TIMEOUT);
        } catch (IllegalStateException e) {
            return Attempt.failed(commands, e.getMessage());
        }
        try (server) {
            if (server.agentErrors() != null) {
                return Attempt.failed(commands, agentFailure(server.agentErrors()));
            }
            bench.addAll(List.of("--target", server.base().resolve("/score").toString()));
            long[] before = server.batchCounts();
            ChildJvm.Outcome outcome = ChildJvm.run(bench, options.warmup.plus(options.duration).plus(RUN_OVERHEAD),
                    false);
            long[] after = server.batchCounts();
            if (server.agentErrors() != null) {
                return Attempt.failed(commands, agentFailure(server.agentErrors()));
            }
            if (outcome.result() == null) {
                return Attempt.failed(commands, "bench: " + outcome.failure());
            }
            Attempt attempt = new Attempt(commands,
                    outcome.result().withBatchCounts(after[0] - before[0], after[1] - before[1]), null, List.of());
            if (config != null && after[0] == before[0]) {
                return attempt.fail(BatchingRunner.NEVER_BATCHED);
            }
            return attempt;
        }
    }

    private static String agentFailure(String errors) {
        return "perf-agent reported an error in the service (with the batch rule off it would measure the unbatched"
                + " model): " + errors;
    }

    /**
     * {@code java [agent] [jvm args] -jar APP serve --port 0 --threads T --intra-op-threads N --model M --device D};
     * the no-op model of the ceiling runs on the CPU whatever the device.
     */
    List<String> serveCommand(Path config, int clients, boolean noop) {
        List<String> command = new ArrayList<>();
        command.add(options.java.toString());
        if (config != null) {
            command.add(BatchingRunner.agentOption(options, config));
        }
        command.addAll(options.jvmArgs);
        command.addAll(List.of("-jar", options.app.toString(), "serve", "--port", "0",
                "--threads", Integer.toString(Math.max(MIN_SERVER_THREADS, clients)),
                "--intra-op-threads", Integer.toString(options.intraOpThreads)));
        if (options.virtualThreads) {
            command.add("--virtual-threads");   // the no-op ceiling too: the same server, only the model differs
        }
        if (noop) {
            // The no-op model parses the same requests: same input and output sizes as the real one.
            command.addAll(List.of("--model", "noop", "--layers", options.layerSizes()));
        } else {
            command.addAll(List.of("--model", options.model, "--device", options.device));
        }
        return command;
    }
}
