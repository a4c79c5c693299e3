package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.layer.limit.AimdSettings;
import dev.perfagent.agent.layer.limit.FixedSettings;
import dev.perfagent.agent.layer.limit.Gradient2Settings;
import dev.perfagent.agent.layer.limit.LimitAlgorithmKind;
import dev.perfagent.agent.layer.limit.LimitAlgorithmSettings;
import dev.perfagent.agent.layer.limit.LimiterSettings;
import dev.perfagent.agent.layer.limit.PartitionShare;
import dev.perfagent.agent.layer.limit.VegasSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a rule's {@code concurrency-limit} layer:
 * {@code concurrency-limit: { algorithm: gradient2, max-limit: 200, when-limited: wait, max-wait: 50ms,
 * partition: { by: 0, shares: { live: 80%, batch: 20% } }, dropped-on: [java.util.concurrent.TimeoutException] }}.
 * Only the chosen algorithm's parameters may be given; the defaults are Netflix concurrency-limits 0.5.4's.
 */
final class ConcurrencyLimitLayerParser {

    /** The rule key this layer is configured under. */
    static final String KEY = "concurrency-limit";

    /** Partition names are the user's, so {@code shares} is read by hand: its schema has no keys. */
    private static final SectionSchema PARTITION_SCHEMA = SectionSchema.builder()
            .value("by")
            .section("shares", SectionSchema.builder().build())
            .build();

    static final SectionSchema SCHEMA = schema();

    /** Every algorithm parameter key, each algorithm's in its documentation order. */
    private static final Set<String> ALGORITHM_KEYS = algorithmKeys();

    private ConcurrencyLimitLayerParser() {
    }

    private static Set<String> algorithmKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (LimitAlgorithmKind kind : LimitAlgorithmKind.values()) {
            keys.addAll(kind.parameterKeys());
        }
        return keys;
    }

    private static SectionSchema schema() {
        SectionSchema.Builder schema = SectionSchema.builder().value("algorithm");
        for (String key : algorithmKeys()) {
            schema.value(key);
        }
        return schema.value("when-limited")
                .value("max-wait")
                .list("dropped-on")
                .section("partition", PARTITION_SCHEMA)
                .build();
    }

    /** The layer, if the rule has it and it is valid; an override of one of its keys gives the rule the layer. */
    static Optional<ConcurrencyLimitConfig> parse(MappingReader rule) {
        Optional<MappingReader> section = rule.layerSection(KEY, "{ algorithm: gradient2, max-limit: 200 }");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        MappingReader limit = section.get();
        ParseContext context = rule.context();
        int problemsBefore = context.problemCount();

        Optional<LimitAlgorithmKind> kind = limit.value("algorithm", ValueType.LIMIT_ALGORITHM);
        Optional<LimitAlgorithmSettings> settings = Optional.empty();
        if (kind.isPresent() || !limit.inFile("algorithm")) {
            // An unknown algorithm is reported alone: which parameters are allowed is then anyone's guess.
            LimitAlgorithmKind algorithm = kind.orElse(LimitAlgorithmKind.GRADIENT2);
            rejectOtherAlgorithmsKeys(limit, algorithm, kind.isEmpty());
            settings = algorithm(limit, algorithm);
        }

        WhenLimited whenLimited = limit.value("when-limited", ValueType.WHEN_LIMITED).orElse(WhenLimited.REJECT);
        Optional<Duration> maxWait = limit.value("max-wait", ValueType.POSITIVE_DURATION);
        if (whenLimited == WhenLimited.WAIT && maxWait.isEmpty() && !limit.inFile("max-wait")) {
            context.report(limit.keyLocation("when-limited").orElse(limit.location()), limit.child("when-limited"),
                    "when-limited: wait needs max-wait, the longest a call waits for room (e.g. max-wait: 50ms)");
        } else if (whenLimited == WhenLimited.REJECT && maxWait.isPresent()) {
            context.report(limit.keyLocation("max-wait").orElse(limit.location()), limit.child("max-wait"),
                    "max-wait applies only with when-limited: wait (calls are refused at once otherwise)");
        }

        List<String> droppedOn = limit.list("dropped-on", ValueType.CLASS_NAME).orElse(List.of());
        Optional<Partitioning> partition = partition(limit);

        if (context.problemCount() > problemsBefore || settings.isEmpty()) {
            return Optional.empty();
        }
        LimiterSettings limiter = new LimiterSettings(settings.get(), whenLimited,
                whenLimited == WhenLimited.WAIT ? maxWait.orElseThrow() : Duration.ZERO,
                partition.map(Partitioning::shares).orElse(List.of()));
        return Optional.of(new ConcurrencyLimitConfig(limiter,
                partition.map(p -> OptionalInt.of(p.by())).orElse(OptionalInt.empty()), droppedOn));
    }

    /** {@code by} and the shares of a partitioned limit. */
    private record Partitioning(int by, List<PartitionShare> shares) {
    }

    /** Keys of the other algorithms are errors that name the chosen one, in the file and in overrides alike. */
    private static void rejectOtherAlgorithmsKeys(MappingReader limit, LimitAlgorithmKind algorithm,
                                                  boolean isDefault) {
        String message = null;
        for (String key : ALGORITHM_KEYS) {
            if (algorithm.parameterKeys().contains(key)) {
                continue;
            }
            if (message == null) {
                message = "not a parameter of algorithm '" + algorithm.key() + "'" + (isDefault ? " (the default)" : "")
                        + "; its parameters: " + String.join(", ", algorithm.parameterKeys());
            }
            if (limit.inFile(key)) {
                limit.context().report(limit.keyLocation(key).orElse(limit.location()), limit.child(key), message);
            }
            Optional<Overrides.Value> override = limit.overridePath(key).flatMap(p -> limit.context().overrides().find(p));
            if (override.isPresent()) {
                limit.context().report(override.get().origin(), limit.child(key), message);
            }
        }
    }

    private static Optional<LimitAlgorithmSettings> algorithm(MappingReader limit, LimitAlgorithmKind kind) {
        switch (kind) {
            case GRADIENT2:
                return gradient2(limit);
            case VEGAS:
                return vegas(limit);
            case AIMD:
                return aimd(limit);
            case FIXED:
                return fixed(limit);
            default:
                throw new IllegalStateException("unknown algorithm " + kind);
        }
    }

    private static Optional<LimitAlgorithmSettings> gradient2(MappingReader limit) {
        Gradient2Settings d = Gradient2Settings.DEFAULTS;
        Optional<int[]> limits = limits(limit, d.initialLimit(), d.minLimit(), d.maxLimit());
        double smoothing = limit.value("smoothing", ValueType.SMOOTHING).orElse(d.smoothing());
        int queueSize = limit.value("queue-size", ValueType.NON_NEGATIVE_INT).orElse(d.queueSize());
        double tolerance = limit.value("rtt-tolerance", ValueType.RTT_TOLERANCE).orElse(d.rttTolerance());
        int longWindow = limit.value("long-window", ValueType.POSITIVE_INT).orElse(d.longWindow());
        return limits.map(l -> new Gradient2Settings(l[0], l[1], l[2], smoothing, queueSize, tolerance, longWindow));
    }

    private static Optional<LimitAlgorithmSettings> vegas(MappingReader limit) {
        VegasSettings d = VegasSettings.DEFAULTS;
        Optional<int[]> limits = limits(limit, d.initialLimit(), d.minLimit(), d.maxLimit());
        double smoothing = limit.value("smoothing", ValueType.SMOOTHING).orElse(d.smoothing());
        Optional<Integer> alpha = limit.value("alpha", ValueType.POSITIVE_INT);
        Optional<Integer> beta = limit.value("beta", ValueType.POSITIVE_INT);
        int probeMultiplier = limit.value("probe-multiplier", ValueType.POSITIVE_INT).orElse(d.probeMultiplier());
        if (alpha.isPresent() && beta.isPresent() && alpha.get() >= beta.get()) {
            limit.context().report(limit.keyLocation("beta").orElse(limit.location()), limit.child("beta"),
                    "beta (" + beta.get() + ") must be greater than alpha (" + alpha.get() + ")");
            return Optional.empty();
        }
        return limits.map(l -> new VegasSettings(l[0], l[1], l[2], smoothing, optionalInt(alpha), optionalInt(beta),
                probeMultiplier));
    }

    private static Optional<LimitAlgorithmSettings> aimd(MappingReader limit) {
        AimdSettings d = AimdSettings.DEFAULTS;
        Optional<int[]> limits = limits(limit, d.initialLimit(), d.minLimit(), d.maxLimit());
        double backoffRatio = limit.value("backoff-ratio", ValueType.BACKOFF_RATIO).orElse(d.backoffRatio());
        Duration timeout = limit.value("timeout", ValueType.POSITIVE_DURATION).orElse(d.timeout());
        return limits.map(l -> new AimdSettings(l[0], l[1], l[2], backoffRatio, timeout));
    }

    private static Optional<LimitAlgorithmSettings> fixed(MappingReader limit) {
        Optional<Integer> value = limit.value("limit", ValueType.CONCURRENCY);
        if (value.isEmpty() && !limit.inFile("limit")) {
            limit.context().report(limit.location(), limit.child("limit"),
                    "algorithm fixed needs 'limit', the calls allowed in flight at once (e.g. limit: 50)");
        }
        return value.map(FixedSettings::new);
    }

    /**
     * initial-limit, min-limit and max-limit, checked against each other. An initial limit left out is the default
     * brought within the bounds given (so {@code min-limit: 50} alone starts at 50); one given must lie within them.
     */
    private static Optional<int[]> limits(MappingReader limit, int defaultInitial, int defaultMin, int defaultMax) {
        Optional<Integer> initial = limit.value("initial-limit", ValueType.CONCURRENCY);
        Optional<Integer> min = limit.value("min-limit", ValueType.CONCURRENCY);
        Optional<Integer> max = limit.value("max-limit", ValueType.CONCURRENCY);
        if (limit.inFile("initial-limit") && initial.isEmpty() || limit.inFile("min-limit") && min.isEmpty()
                || limit.inFile("max-limit") && max.isEmpty()) {
            return Optional.empty();
        }
        int low = min.orElse(defaultMin);
        int high = max.orElse(defaultMax);
        if (low > high) {
            String key = min.isPresent() ? "min-limit" : "max-limit";
            limit.context().report(limit.keyLocation(key).orElse(limit.location()), limit.child(key),
                    "min-limit (" + low + (min.isPresent() ? "" : ", the default") + ") is greater than max-limit ("
                            + high + (max.isPresent() ? "" : ", the default") + ")");
            return Optional.empty();
        }
        if (initial.isPresent() && (initial.get() < low || initial.get() > high)) {
            limit.context().report(limit.keyLocation("initial-limit").orElse(limit.location()),
                    limit.child("initial-limit"), "initial-limit (" + initial.get() + ") must lie between min-limit ("
                            + low + ") and max-limit (" + high + ")");
            return Optional.empty();
        }
        int start = initial.orElse(Math.max(low, Math.min(high, defaultInitial)));
        return Optional.of(new int[] {start, low, high});
    }

    private static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** {@code partition: { by: 0, shares: { live: 80%, batch: 20% } }}; empty when absent or invalid (reported). */
    private static Optional<Partitioning> partition(MappingReader limit) {
        boolean overridden = limit.overridePath("partition")
                .map(p -> limit.context().overrides().anyUnder(p + "."))
                .orElse(false);
        if (!limit.inFile("partition") && !overridden) {
            return Optional.empty();
        }
        MappingReader partition = limit.section("partition");
        ParseContext context = limit.context();
        Optional<Integer> by = partition.value("by", ValueType.NON_NEGATIVE_INT);
        if (by.isEmpty() && !partition.inFile("by")) {
            context.report(partition.location(), partition.child("by"),
                    "missing required key 'by': the argument (counted from 0) whose value names a call's partition");
        }
        Optional<Node> sharesNode = partition.node("shares");
        if (sharesNode.isEmpty()) {
            context.report(partition.location(), partition.child("shares"),
                    "missing required key 'shares': each partition's guaranteed share, e.g. { live: 80%, batch: 20% }");
            return Optional.empty();
        }
        Optional<List<PartitionShare>> shares = shares(context, partition.child("shares"), sharesNode.get());
        if (by.isEmpty() || shares.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Partitioning(by.get(), shares.get()));
    }

    private static Optional<List<PartitionShare>> shares(ParseContext context, String path, Node node) {
        if (!(node instanceof MappingNode) || ((MappingNode) node).getValue().isEmpty()) {
            context.report(context.at(node), path, "expected partition names with their shares, such as "
                    + "{ live: 80%, batch: 20% }, got " + MappingReader.describe(node));
            return Optional.empty();
        }
        int problemsBefore = context.problemCount();
        List<PartitionShare> shares = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        double sum = 0;
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode) || ((ScalarNode) keyNode).getValue().isBlank()) {
                context.report(context.at(keyNode), path, "expected a partition name, got "
                        + MappingReader.describe(keyNode));
                continue;
            }
            String name = ((ScalarNode) keyNode).getValue();
            String key = path + "." + name;
            Node first = seen.putIfAbsent(name, keyNode);
            if (first != null) {
                context.report(context.at(keyNode), key,
                        "duplicate partition (first given at line " + context.at(first).line() + ")");
                continue;
            }
            Optional<Double> percent = percent(context, key, tuple);
            if (percent.isPresent()) {
                shares.add(new PartitionShare(name, percent.get()));
                sum += percent.get();
            }
        }
        if (context.problemCount() > problemsBefore) {
            return Optional.empty();
        }
        if (sum > 100 + 1e-9) {
            context.report(context.at(node), path, "the shares add up to " + format(sum)
                    + "%, more than 100%: they are guaranteed minimums of one limit");
            return Optional.empty();
        }
        int partitions = shares.size() + (seen.containsKey(LimiterSettings.DEFAULT_PARTITION) ? 0 : 1);
        if (partitions > LimiterSettings.MAX_PARTITIONS) {
            context.report(context.at(node), path, "too many partitions: " + partitions + " with '"
                    + LimiterSettings.DEFAULT_PARTITION + "' (at most " + LimiterSettings.MAX_PARTITIONS + ")");
            return Optional.empty();
        }
        return Optional.of(shares);
    }

    private static Optional<Double> percent(ParseContext context, String key, NodeTuple tuple) {
        Node value = tuple.getValueNode();
        if (!(value instanceof ScalarNode) || MappingReader.isNull(value)) {
            context.report(context.at(MappingReader.isNull(value) ? tuple.getKeyNode() : value), key,
                    "expected " + ValueType.PERCENT.description() + ", got " + MappingReader.describe(value));
            return Optional.empty();
        }
        try {
            return Optional.of(ValueType.PERCENT.parse(((ScalarNode) value).getValue()));
        } catch (InvalidValueException e) {
            context.report(context.at(value, e.offset()), key, e.getMessage());
            return Optional.empty();
        }
    }

    private static String format(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
