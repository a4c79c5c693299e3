package dev.perfagent.agent.simulate;

import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.layer.breaker.CircuitBreakerLayer;
import dev.perfagent.agent.layer.limit.ConcurrencyLimitLayer;
import dev.perfagent.agent.layer.limit.LimiterSettings;
import dev.perfagent.agent.layer.rate.RateLimitLayer;
import dev.perfagent.agent.layer.rate.Sleeper;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of one rule, built as the agent builds them but on the replay's clock: the rate limit's
 * waits move that clock on instead of sleeping, and a concurrency limit in wait mode refuses instead
 * (in a replay nobody else runs to make room, so a wait would never end); {@link #notes()} says so.
 * Each layer is wrapped so the replay knows which one answered a call.
 */
final class ReplayLayers {
    private final List<CallLayer> layers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private RateLimitLayer rateLimit;
    private ConcurrencyLimitLayer concurrencyLimit;
    private CircuitBreakerLayer breaker;
    private LayerKind answeredBy;

    ReplayLayers(RuleConfig rule, TraceClock clock, AgentLog log) {
        LayerTarget target = LayerTarget.of(rule.name(), "replay#" + rule.name() + "()", "java.lang.Object",
                List.of());
        rule.rateLimit().ifPresent(c -> {
            rateLimit = new RateLimitLayer(target.method(), c.settings(), clock, new ClockSleeper(clock));
            layers.add(tracked(rateLimit));
        });
        rule.concurrencyLimit().ifPresent(c -> {
            LimiterSettings settings = c.limiter();
            if (settings.whenLimited() == WhenLimited.WAIT) {
                notes.add("rules." + rule.name() + ".concurrency-limit: replayed with when-limited: reject (a"
                        + " replay has no other callers to make room for a waiting one)");
                settings = new LimiterSettings(settings.algorithm(), WhenLimited.REJECT, java.time.Duration.ZERO,
                        settings.shares());
            }
            ConcurrencyLimitLayer.create(target, settings, c.partitionBy(), c.droppedOn(), clock, log)
                    .ifPresent(layer -> {
                        concurrencyLimit = layer;
                        layers.add(tracked(layer));
                    });
        });
        rule.circuitBreaker().ifPresent(c -> {
            breaker = new CircuitBreakerLayer(target, c.settings(), c.fallback(), clock, log);
            layers.add(tracked(breaker));
        });
        if (rule.cache().isPresent() || rule.batch().isPresent()) {
            notes.add("rules." + rule.name() + ": cache and batch are not replayed (a trace has no arguments)");
        }
    }

    /** Whether the rule has a layer a trace can drive. */
    boolean isEmpty() {
        return layers.isEmpty();
    }

    List<CallLayer> layers() {
        return layers;
    }

    List<String> notes() {
        return notes;
    }

    RateLimitLayer rateLimit() {
        return rateLimit;
    }

    ConcurrencyLimitLayer concurrencyLimit() {
        return concurrencyLimit;
    }

    CircuitBreakerLayer breaker() {
        return breaker;
    }

    /** The layer that ended the last call with its own outcome, then forgets it. */
    LayerKind takeAnsweredBy() {
        LayerKind kind = answeredBy;
        answeredBy = null;
        return kind;
    }

    private CallLayer tracked(CallLayer layer) {
        return new CallLayer() {
            @Override
            public LayerKind kind() {
                return layer.kind();
            }

            @Override
            public Outcome enter(LayeredCall call) {
                Outcome outcome = layer.enter(call);
                if (outcome != null) {
                    answeredBy = layer.kind();
                }
                return outcome;
            }

            @Override
            public void exit(LayeredCall call, Object returned, Throwable thrown) {
                layer.exit(call, returned, thrown);
            }

            @Override
            public void close() {
                layer.close();
            }
        };
    }

    /** A rate-limit wait in a replay: the waiting call's clock moves on by the wait, the replay's does not. */
    private static final class ClockSleeper implements Sleeper {
        private final TraceClock clock;

        ClockSleeper(TraceClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(long nanos) {
            clock.lend(nanos);
        }

        @Override
        public void wakeAll() {
        }
    }
}
