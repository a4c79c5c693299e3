package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.WhenFull;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSettings;
import dev.perfagent.agent.layer.batch.dispatch.RoutingStrategy;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a rule's {@code batch} layer:
 * {@code batch: { via: "pkg.Model#scoreBatch(float[][])", max-size: 64, slo-p99: 50ms }}, and its executors:
 * {@code executors: { replicas: 4, strategy: least-latency }}.
 */
final class BatchLayerParser {

    /** The rule key this layer is configured under. */
    static final String KEY = "batch";

    /** The {@code executors} section: replicas and how batches are routed among them. */
    static final SectionSchema EXECUTORS_SCHEMA = SectionSchema.builder()
            .value("replicas")
            .value("strategy")
            .value("hash-argument")
            .list("weights")
            .value("eject-after")
            .value("probe-after")
            .build();

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("via")
            .value("max-size")
            .value("workers")
            .value("queue-capacity")
            .value("when-full")
            .value("timeout")
            .value("slo-p99")
            .value("max-delay")
            .value("delay")
            .section("executors", EXECUTORS_SCHEMA)
            .build();

    private BatchLayerParser() {
    }

    /** The layer, if the rule has it and it is valid. */
    static Optional<BatchConfig> parse(MappingReader rule) {
        Optional<Node> node = rule.node(KEY);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!(node.get() instanceof MappingNode)) {
            rule.context().report(rule.context().at(node.get()), rule.child(KEY),
                    "expected a mapping such as { via: \"com.example.Model#scoreBatch(float[][])\" }, got "
                            + MappingReader.describe(node.get()));
            return Optional.empty();
        }
        MappingReader batch = rule.section(KEY);
        // Without 'via' the matched method must be one perf-agent has an adapter for; checked at weave time.
        int problemsBefore = rule.context().problemCount();
        Optional<MethodPattern> via = batch.value("via", ValueType.METHOD_PATTERN);
        boolean viaInvalid = rule.context().problemCount() > problemsBefore;
        BatchSettings defaults = BatchSettings.defaults();
        int maxSize = batch.value("max-size", ValueType.POSITIVE_INT).orElse(defaults.maxSize());
        ExecutorSettings executors = executors(rule, batch.section("executors"));
        // Several executors run batches at once: by default, one batch per executor.
        int workers = batch.value("workers", ValueType.POSITIVE_INT).orElse(Math.max(defaults.workers(),
                executors.replicas()));
        int capacity = batch.value("queue-capacity", ValueType.POSITIVE_INT).orElse(defaults.queueCapacity());
        WhenFull whenFull = batch.value("when-full", ValueType.WHEN_FULL).orElse(defaults.whenFull());
        Optional<Duration> timeout = batch.value("timeout", ValueType.POSITIVE_DURATION);
        Optional<Duration> slo = batch.value("slo-p99", ValueType.POSITIVE_DURATION);
        Duration maxDelay = batch.value("max-delay", ValueType.DURATION).orElse(defaults.maxDelay());
        Duration delay = batch.value("delay", ValueType.DURATION).orElse(Duration.ZERO);
        if (slo.isPresent() && !delay.isZero()) {
            rule.context().report(batch.keyLocation("delay").orElse(batch.location()), batch.child("delay"),
                    "a fixed delay and slo-p99 exclude each other: with an SLO the controller chooses the delay"
                            + " (bounded by max-delay)");
            return Optional.empty();
        }
        if (viaInvalid) {
            return Optional.empty();
        }
        return Optional.of(new BatchConfig(via,
                new BatchSettings(maxSize, workers, capacity, whenFull, timeout, slo, maxDelay), delay, executors));
    }

    /** The {@code executors} section; its problems are reported and the defaults stand in for them. */
    private static ExecutorSettings executors(MappingReader rule, MappingReader section) {
        ExecutorSettings defaults = ExecutorSettings.single();
        int replicas = section.value("replicas", ValueType.POSITIVE_INT).orElse(defaults.replicas());
        RoutingStrategy strategy = section.value("strategy", ValueType.ROUTING_STRATEGY).orElse(defaults.strategy());
        Optional<Integer> hashArgument = section.value("hash-argument", ValueType.NON_NEGATIVE_INT);
        int problemsBefore = rule.context().problemCount();
        Optional<List<Integer>> weights = section.list("weights", ValueType.WEIGHT);
        boolean weightsInvalid = rule.context().problemCount() > problemsBefore;
        int ejectAfter = section.value("eject-after", ValueType.POSITIVE_INT).orElse(defaults.ejectAfter());
        Duration probeAfter = section.value("probe-after", ValueType.POSITIVE_DURATION).orElse(defaults.probeAfter());
        if (hashArgument.isPresent() && strategy != RoutingStrategy.CONSISTENT_HASH) {
            misplaced(rule, section, "hash-argument", "applies only with strategy: consistent-hash");
        }
        if (weights.isPresent() && strategy != RoutingStrategy.WEIGHTED) {
            misplaced(rule, section, "weights", "apply only with strategy: weighted");
        } else if (weights.isPresent() && !weightsInvalid && weights.get().size() != replicas) {
            misplaced(rule, section, "weights", "give one weight per replica: " + replicas + " (replicas), got "
                    + weights.get().size());
        }
        return new ExecutorSettings(replicas, strategy, hashArgument.orElse(0), weights.orElse(List.of()),
                ejectAfter, probeAfter);
    }

    private static void misplaced(MappingReader rule, MappingReader section, String key, String message) {
        rule.context().report(section.keyLocation(key).orElse(section.location()), section.child(key), message);
    }
}
