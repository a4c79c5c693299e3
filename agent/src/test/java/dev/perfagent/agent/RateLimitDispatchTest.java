package dev.perfagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.perfagent.CallRejectedException;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.RateLimitConfig;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.rate.RateLimitLayer;
import dev.perfagent.agent.layer.rate.RateLimitSettings;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.bootstrap.Hooks;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rule's rate limit, from its config to a woven call's refusal: the site builds the layer and the hooks obey it. */
class RateLimitDispatchTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);

    @AfterEach
    void uninstall() {
        Hooks.install(null);
    }

    @Test
    void aRuleWithARateLimitRefusesTheCallsAboveIt() {
        SiteRegistry registry = new SiteRegistry(clock::get, AgentLog.toStderr(AgentLog.Level.WARN), s -> { });
        RuleConfig rule = new RuleConfig("limited", List.of(MethodPattern.parse("a.B#c(..)")), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new RateLimitConfig(RateLimitSettings.rejecting(2, Duration.ofSeconds(1), 0))),
                new ConfigLocation("t.yaml", 1, 1));
        Site site = registry.register(rule, "a.B#c()");
        assertInstanceOf(RateLimitLayer.class, site.chain().layer(LayerKind.RATE_LIMIT));
        assertEquals(List.of("rate_limit"), site.layerMetrics().stream().map(LayerMetrics::layer).toList());
        Hooks.install(new AgentDispatcher(registry, clock::get, AgentLog.toStderr(AgentLog.Level.ERROR)));

        Object first = Hooks.invoke(site.id(), null, new Object[0]);
        assertFalse(first instanceof Outcome, "the first call runs the method");
        Hooks.exitCall(site.id(), first, null, null);

        Object second = Hooks.invoke(site.id(), null, new Object[0]);
        Outcome refused = assertInstanceOf(Outcome.class, second);
        CallRejectedException e = assertInstanceOf(CallRejectedException.class, refused.thrown());
        assertEquals("a.B#c(): rate limit 2/1s (burst 0) reached, call rejected", e.getMessage());
        Hooks.exitCall(site.id(), second, null, refused.thrown());

        clock.addAndGet(Duration.ofMillis(500).toNanos());
        Object third = Hooks.invoke(site.id(), null, new Object[0]);
        assertFalse(third instanceof Outcome, "one interval later the next call goes through");
        Hooks.exitCall(site.id(), third, null, null);
    }
}
