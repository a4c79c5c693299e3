package dev.perfagent.agent.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.ConcurrencyLimitConfig;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.layer.limit.ConcurrencyLimitLayer;
import dev.perfagent.agent.layer.limit.FixedSettings;
import dev.perfagent.agent.layer.limit.LimiterSettings;
import dev.perfagent.agent.layer.limit.PartitionShare;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SiteLayersTest {
    private static final AgentLog LOG = AgentLog.toStderr(AgentLog.Level.ERROR);

    private static RuleConfig limited(ConcurrencyLimitConfig limit) {
        return new RuleConfig("feed", List.of(MethodPattern.parse("a.Client#fetch(..)")), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(limit), Optional.empty(),
                new ConfigLocation("t.yaml", 1, 1));
    }

    @Test
    void aRuleWithAConcurrencyLimitGetsTheLayerAndItsFigures() {
        SiteRegistry registry = new SiteRegistry(System::nanoTime, LOG, s -> { });
        Site site = registry.register(limited(ConcurrencyLimitConfig.defaults()),
                LayerTarget.of("feed", "a.Client#fetch(String)", "String", List.of("String")), null);
        assertInstanceOf(ConcurrencyLimitLayer.class, site.chain().layer(LayerKind.CONCURRENCY_LIMIT));
        assertEquals(List.of("concurrency_limit"), site.layerMetrics().stream().map(m -> m.layer()).toList());
        assertTrue(site.interceptsCalls());
    }

    @Test
    void aPartitionArgumentTheMethodLacksLeavesItUnlimited() {
        SiteRegistry registry = new SiteRegistry(System::nanoTime, LOG, s -> { });
        ConcurrencyLimitConfig partitioned = new ConcurrencyLimitConfig(new LimiterSettings(new FixedSettings(5),
                WhenLimited.REJECT, Duration.ZERO, List.of(new PartitionShare("live", 50))), OptionalInt.of(2),
                List.of());
        Site site = registry.register(limited(partitioned),
                LayerTarget.of("feed", "a.Client#fetch(String)", "String", List.of("String")), null);
        assertEquals(null, site.chain().layer(LayerKind.CONCURRENCY_LIMIT));
    }
}
