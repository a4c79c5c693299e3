package dev.perfagent.agent.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.config.CircuitBreakerConfig;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.breaker.BreakerState;
import dev.perfagent.agent.layer.breaker.CircuitBreakerLayer;
import dev.perfagent.agent.layer.breaker.CircuitBreakerSettings;
import dev.perfagent.agent.layer.breaker.ExceptionLists;
import dev.perfagent.agent.layer.breaker.WindowSpec;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rule with {@code circuit-breaker} gives its sites the layer, its figures and its refusals. */
class CircuitBreakerSiteTest {

    @Test
    void aRuleWithABreakerGivesItsSitesTheLayer() {
        CircuitBreakerSettings settings = new CircuitBreakerSettings(WindowSpec.count(2), 50, Duration.ofSeconds(1),
                100, 2, Duration.ofSeconds(30), 1, Duration.ofSeconds(30), true, ExceptionLists.DEFAULT);
        RuleConfig rule = new RuleConfig("feature-store", List.of(MethodPattern.parse("a.Client#fetch(..)")),
                Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new CircuitBreakerConfig(settings, Optional.empty())), Optional.empty(), Optional.empty(),
                new ConfigLocation("perf-agent.yaml", 2, 5));
        SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.ERROR), site -> { });
        Site site = registry.register(rule, LayerTarget.of("feature-store", "a.Client#fetch(java.lang.String)",
                "java.lang.String", List.of("java.lang.String")), null);

        assertTrue(site.interceptsCalls());
        assertEquals(List.of("time", "circuit-breaker"), site.layers());
        CircuitBreakerLayer breaker = assertInstanceOf(CircuitBreakerLayer.class,
                site.chain().layer(LayerKind.CIRCUIT_BREAKER));
        assertEquals(List.of(breaker), site.layerMetrics());
        assertEquals("circuit_breaker", site.layerMetrics().get(0).layer());

        for (int i = 0; i < 2; i++) {
            LayeredCall call = (LayeredCall) site.chain().enter(null, new Object[] {"k"}, System.nanoTime());
            call.exit(null, new IOException("down"));
        }
        assertEquals(BreakerState.OPEN, breaker.state());
        Outcome refused = (Outcome) site.chain().enter(null, new Object[] {"k"}, System.nanoTime());
        assertInstanceOf(CallNotPermittedException.class, refused.thrown());
    }
}
