package dev.perfagent.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of {@link BatchingBenchmark} in-process: one JVM per run executing {@code inference-service.jar
 * load}, threads calling the model's {@code score} directly, with the agent when the configuration
 * has one. The ceiling is one run of {@code load --ceiling}, the same for every load.
 */
final class InProcessRunner implements BatchingRunner {

    /** JVM start, model load and the generator's grace period come on top of warm-up and duration. */
    private static final Duration RUN_OVERHEAD = Duration.ofSeconds(90);

    private final BatchingOptions options;

    InProcessRunner(BatchingOptions options) {
        this.options = options;
    }

    @Override
    public boolean ceilingPerLoad() {
        return false;
    }

    @Override
    public String ceilingLabel() {
        return "ceiling: " + options.ceilingThreads() + " thread" + (options.ceilingThreads() == 1 ? "" : "s")
                + " calling scoreBatch on pre-formed batches of " + options.ceilingBatch();
    }

    @Override
    public Attempt ceiling(LoadShape load, double referenceCeiling) throws IOException, InterruptedException {
        List<String> command = loadCommand(null);
        command.addAll(List.of("--clients", Integer.toString(options.ceilingThreads()), "--ceiling",
                "--batch-size", Integer.toString(options.ceilingBatch())));
        return run(command, false);
    }

    @Override
    public Attempt run(BatchConfiguration configuration, Path config, LoadShape load, double referenceCeiling)
            throws IOException, InterruptedException {
        List<String> command = loadCommand(config);
        command.addAll(List.of("--clients", Integer.toString(load.clients()),
                "--arrival", load.arrival(referenceCeiling)));
        if (options.virtualThreads) {
            command.add("--virtual-threads");
        }
        Attempt attempt = run(command, config != null);
        if (attempt.result() != null && config != null && attempt.result().batchCalls().orElse(0) == 0) {
            return attempt.fail(BatchingRunner.NEVER_BATCHED);
        }
        return attempt;
    }

    private Attempt run(List<String> command, boolean withAgent) throws IOException, InterruptedException {
        ChildJvm.Outcome outcome = ChildJvm.run(command, options.warmup.plus(options.duration).plus(RUN_OVERHEAD),
                withAgent);
        return new Attempt(String.join(" ", command), outcome.result(), outcome.failure(), outcome.agentWarnings());
    }

    /** {@code java [agent] [jvm args] -jar APP load --model ... --device ... --warmup ... --duration ... --seed ... --slo ...} */
    List<String> loadCommand(Path config) {
        List<String> command = new ArrayList<>();
        command.add(options.java.toString());
        if (config != null) {
            command.add(BatchingRunner.agentOption(options, config));
        }
        command.addAll(options.jvmArgs);
        command.addAll(List.of("-jar", options.app.toString(), "load", "--model", options.model,
                "--device", options.device,
                "--intra-op-threads", Integer.toString(options.intraOpThreads),
                "--warmup", BatchConfiguration.durationText(options.warmup),
                "--duration", BatchConfiguration.durationText(options.duration),
                "--seed", Long.toString(options.seed),
                "--slo", BatchConfiguration.durationText(options.slo)));
        return command;
    }
}
