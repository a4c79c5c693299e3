package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.breaker.CircuitBreakerSettings;
import dev.perfagent.agent.layer.breaker.ExceptionLists;
import dev.perfagent.agent.layer.breaker.FallbackSpec;
import dev.perfagent.agent.layer.breaker.WindowSpec;
import dev.perfagent.agent.layer.breaker.WindowType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a rule's {@code circuit-breaker} layer:
 * {@code circuit-breaker: { failure-rate: 50%, slow-call: 200ms, window: 100, open-for: 30s }}, or
 * {@code circuit-breaker: {}} for every default. Values are checked here and never adjusted: a
 * {@code minimum-calls} larger than a count window (the breaker could never open) is an error, where
 * Resilience4j quietly lowers it.
 */
final class CircuitBreakerLayerParser {

    /** The rule key this layer is configured under. */
    static final String KEY = "circuit-breaker";

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("window-type")
            .value("window")
            .value("failure-rate")
            .value("slow-call")
            .value("slow-call-rate")
            .value("minimum-calls")
            .value("open-for")
            .value("half-open-calls")
            .value("max-half-open")
            .value("automatic-transition")
            .list("record")
            .list("ignore")
            .list("success")
            .value("fallback")
            .build();

    private static final List<String> LISTS = List.of("record", "ignore", "success");

    private CircuitBreakerLayerParser() {
    }

    /** The layer, if the rule has it and it is valid; an override of one of its keys gives the rule the layer. */
    static Optional<CircuitBreakerConfig> parse(MappingReader rule) {
        Optional<MappingReader> section = rule.layerSection(KEY, "{ failure-rate: 50%, window: 100 } or {}");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        MappingReader breaker = section.get();
        ParseContext context = rule.context();
        int problemsBefore = context.problemCount();

        WindowSpec window = window(breaker);
        double failureRate = breaker.value("failure-rate", ValueType.PERCENT)
                .orElse(CircuitBreakerSettings.DEFAULT_FAILURE_RATE);
        Duration slowCall = breaker.value("slow-call", ValueType.POSITIVE_DURATION)
                .orElse(CircuitBreakerSettings.DEFAULT_SLOW_CALL);
        double slowCallRate = breaker.value("slow-call-rate", ValueType.PERCENT)
                .orElse(CircuitBreakerSettings.DEFAULT_SLOW_CALL_RATE);
        Optional<Integer> minimumCalls = breaker.value("minimum-calls", ValueType.POSITIVE_INT);
        Duration openFor = breaker.value("open-for", ValueType.POSITIVE_DURATION)
                .orElse(CircuitBreakerSettings.DEFAULT_OPEN_FOR);
        int halfOpenCalls = breaker.value("half-open-calls", ValueType.POSITIVE_INT)
                .orElse(CircuitBreakerSettings.DEFAULT_HALF_OPEN_CALLS);
        Duration maxHalfOpen = breaker.value("max-half-open", ValueType.POSITIVE_DURATION)
                .orElse(CircuitBreakerSettings.DEFAULT_MAX_HALF_OPEN);
        boolean automatic = breaker.value("automatic-transition", ValueType.BOOLEAN).orElse(true);
        Optional<List<String>> record = breaker.list("record", ValueType.CLASS_NAME);
        List<String> ignore = breaker.list("ignore", ValueType.CLASS_NAME).orElse(List.of());
        List<String> success = breaker.list("success", ValueType.CLASS_NAME).orElse(List.of());
        Optional<String> fallback = breaker.value("fallback", ValueType.FALLBACK);

        if (halfOpenCalls > CircuitBreakerSettings.MAX_HALF_OPEN_CALLS) {
            context.report(where(breaker, "half-open-calls"), breaker.child("half-open-calls"),
                    "must be at most " + CircuitBreakerSettings.MAX_HALF_OPEN_CALLS + ", got " + halfOpenCalls);
        }
        if (window != null && window.type() == WindowType.COUNT && minimumCalls.isPresent()
                && minimumCalls.get() > window.calls()) {
            context.report(where(breaker, "minimum-calls"), breaker.child("minimum-calls"),
                    minimumCalls.get() + " is more than the window's " + window.calls() + " calls, so the breaker"
                            + " could never open; make it at most " + window.calls() + " or enlarge the window");
        }
        checkListsAreDisjoint(breaker);
        if (context.problemCount() > problemsBefore || window == null) {
            return Optional.empty();
        }
        CircuitBreakerSettings settings = new CircuitBreakerSettings(window, failureRate, slowCall, slowCallRate,
                minimumCalls.orElse(CircuitBreakerSettings.defaultMinimumCalls(window)), openFor, halfOpenCalls,
                maxHalfOpen, automatic, new ExceptionLists(record, ignore, success));
        return Optional.of(new CircuitBreakerConfig(settings, fallback.map(text ->
                new FallbackSpec(text, where(breaker, "fallback") + ": " + breaker.child("fallback")))));
    }

    /** The window from {@code window} and {@code window-type}; null if they are invalid (reported). */
    private static WindowSpec window(MappingReader breaker) {
        int problemsBefore = breaker.context().problemCount();
        Optional<WindowType> type = breaker.value("window-type", ValueType.WINDOW_TYPE);
        Optional<WindowSpec> window = breaker.value("window", ValueType.BREAKER_WINDOW);
        if (breaker.context().problemCount() > problemsBefore) {
            return null;
        }
        if (window.isEmpty()) {
            return type.orElse(WindowType.COUNT) == WindowType.COUNT
                    ? WindowSpec.count(CircuitBreakerSettings.DEFAULT_WINDOW_CALLS)
                    : WindowSpec.time(CircuitBreakerSettings.DEFAULT_WINDOW_TIME);
        }
        if (type.isPresent() && type.get() != window.get().type()) {
            breaker.context().report(where(breaker, "window"), breaker.child("window"), type.get() == WindowType.TIME
                    ? "window-type is time but the window is a number of calls; give a duration such as 10s"
                    : "window-type is count but the window is a duration; give a number of calls such as 100");
            return null;
        }
        return window.get();
    }

    /** A class in two of record, ignore and success would have two outcomes. */
    private static void checkListsAreDisjoint(MappingReader breaker) {
        Map<String, String> listOf = new HashMap<>();
        for (String list : LISTS) {
            Optional<Node> node = breaker.node(list);
            if (node.isEmpty()) {
                continue;
            }
            List<Node> items = node.get() instanceof SequenceNode ? ((SequenceNode) node.get()).getValue()
                    : List.of(node.get());
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof ScalarNode)) {
                    continue; // reported by list()
                }
                String name;
                try {
                    name = ValueType.CLASS_NAME.parse(((ScalarNode) items.get(i)).getValue());
                } catch (InvalidValueException e) {
                    continue; // reported by list()
                }
                String first = listOf.putIfAbsent(name, list);
                if (first != null && !first.equals(list)) {
                    String key = breaker.child(list) + (node.get() instanceof SequenceNode ? "[" + i + "]" : "");
                    breaker.context().report(breaker.context().at(items.get(i)), key,
                            name + " is already in " + first + "; a class can be in only one of record, ignore"
                                    + " and success");
                }
            }
        }
    }

    /** Where a value came from: its override, else its place in the file, else the section. */
    private static ConfigLocation where(MappingReader section, String key) {
        Optional<Overrides.Value> override = section.overridePath(key)
                .flatMap(p -> section.context().overrides().find(p));
        if (override.isPresent()) {
            return override.get().origin();
        }
        return section.node(key).map(n -> section.context().at(n)).orElse(section.location());
    }
}
