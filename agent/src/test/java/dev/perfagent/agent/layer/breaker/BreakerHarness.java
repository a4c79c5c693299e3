package dev.perfagent.agent.layer.breaker;

import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A breaker in a real {@link LayerChain}, with an inner cache layer and an inner batch layer that answer
 * when told to, driven call by call on a {@link FakeTicker}, as the agent drives it.
 */
final class BreakerHarness {
    static final String RULE = "feature-store";
    static final String METHOD = "com.example.FeatureClient#fetch(java.lang.String)";

    final FakeTicker ticker = new FakeTicker(1_000_000_000_000L);
    final CircuitBreakerLayer breaker;
    final InnerLayer cache = new InnerLayer(LayerKind.CACHE);
    final InnerLayer batch = new InnerLayer(LayerKind.BATCH);
    final List<Throwable> faults = new CopyOnWriteArrayList<>();
    final LayerChain chain;

    BreakerHarness(CircuitBreakerSettings settings) {
        this(settings, target("java.lang.String", List.of("java.lang.String")), Optional.empty(), null);
    }

    BreakerHarness(CircuitBreakerSettings settings, LayerTarget target, Optional<FallbackSpec> fallback, Path log) {
        AgentLog agentLog = log == null ? AgentLog.toStderr(AgentLog.Level.ERROR)
                : AgentLog.toFile(AgentLog.Level.INFO, log);
        breaker = new CircuitBreakerLayer(target, settings, fallback, ticker, agentLog);
        chain = new LayerChain(List.of(breaker, cache, batch), faults::add, ticker);
    }

    /** A target in the test's class loader, so fallback methods in the tests can be found. */
    static LayerTarget target(String returnType, List<String> parameterTypes) {
        return new LayerTarget(RULE, METHOD, "com.example.FeatureClient", returnType, parameterTypes, false,
                new WeakReference<>(BreakerHarness.class.getClassLoader()));
    }

    /** Settings with every default but these. */
    static CircuitBreakerSettings settings(WindowSpec window, double failureRate, int minimumCalls) {
        CircuitBreakerSettings d = CircuitBreakerSettings.defaults();
        return new CircuitBreakerSettings(window, failureRate, d.slowCall(), d.slowCallRate(), minimumCalls,
                d.openFor(), d.halfOpenCalls(), d.maxHalfOpen(), d.automaticTransition(), d.exceptions());
    }

    /** Enters a call; returns the in-flight call, or null when the chain answered it (see {@link #lastOutcome}). */
    LayeredCall start(Object... args) {
        Object entered = chain.enter(null, args, ticker.read());
        if (entered instanceof Outcome) {
            lastOutcome = (Outcome) entered;
            return null;
        }
        lastOutcome = null;
        return (LayeredCall) entered;
    }

    Outcome lastOutcome;

    /** A call that returns after {@code duration}; returns the chain's outcome if a layer answered it instead. */
    Outcome succeed(Duration duration) {
        return run(duration, null);
    }

    Outcome succeed() {
        return succeed(Duration.ofMillis(1));
    }

    /** A call that throws {@code thrown} after {@code duration}. */
    Outcome fail(Duration duration, Throwable thrown) {
        return run(duration, thrown);
    }

    Outcome fail() {
        return fail(Duration.ofMillis(1), new java.io.IOException("down"));
    }

    Outcome run(Duration duration, Throwable thrown) {
        LayeredCall call = start("key");
        if (call == null) {
            return lastOutcome;
        }
        ticker.advance(duration);
        call.exit(thrown == null ? "value" : null, thrown);
        return null;
    }

    /** Runs calls: {@code 'S'} success, {@code 'F'} failure, {@code 's'} slow success, {@code 'f'} slow failure. */
    List<Outcome> calls(String pattern, Duration slow) {
        List<Outcome> refused = new ArrayList<>();
        for (char c : pattern.toCharArray()) {
            Duration duration = Character.isLowerCase(c) ? slow : Duration.ofMillis(1);
            Outcome outcome = Character.toUpperCase(c) == 'S' ? succeed(duration)
                    : fail(duration, new java.io.IOException("down"));
            if (outcome != null) {
                refused.add(outcome);
            }
        }
        return refused;
    }

    BreakerState state() {
        return breaker.state();
    }
}
