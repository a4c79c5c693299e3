package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSettings;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code batch} layer of a rule: calls of the matched method from many threads are merged into calls
 * of its batch form.
 *
 * @param via      the batch form, e.g. {@code com.example.Model#scoreBatch(float[][])}: declared on the
 *                 matched method's class or a supertype, taking the items as an array or {@code List} and
 *                 returning an array or {@code List} of the same length; empty for a library perf-agent
 *                 has an adapter for (ONNX Runtime's {@code OrtSession#run})
 * @param settings sizes, queue, timeout, SLO; defaults applied
 * @param delay    a fixed wait for a partial batch to fill (Triton's {@code max_queue_delay}, TF Serving's
 *                 {@code batch_timeout_micros}) instead of the adaptive controller; zero (the default) means
 *                 the controller decides; never set together with an SLO
 * @param executors the replicas batches run on and how each batch is routed to one; one executor by default
 */
public record BatchConfig(Optional<MethodPattern> via, BatchSettings settings, Duration delay,
                          ExecutorSettings executors) {

    /** Checks the arguments. */
    public BatchConfig {
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(executors, "executors");
    }

    /** The layer with one executor. */
    public BatchConfig(Optional<MethodPattern> via, BatchSettings settings, Duration delay) {
        this(via, settings, delay, ExecutorSettings.single());
    }

    /** The layer with the adaptive controller. */
    public BatchConfig(MethodPattern via, BatchSettings settings) {
        this(Optional.of(via), settings, Duration.ZERO);
    }
}
