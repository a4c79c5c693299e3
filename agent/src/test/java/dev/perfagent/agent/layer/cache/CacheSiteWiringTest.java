package dev.perfagent.agent.layer.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.perfagent.agent.config.CacheConfig;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheSiteWiringTest {

    @Test
    void aRuleWithACacheGivesItsSitesACacheLayer() {
        CacheSettings settings = CacheSettings.ofMaxSize(10);
        RuleConfig rule = new RuleConfig("embed", List.of(MethodPattern.parse("a.Service#find(..)")), Optional.empty(),
                Optional.empty(), Optional.of(new CacheConfig(settings)), Optional.empty(), Optional.empty(),
                Optional.empty(), new ConfigLocation("t.yaml", 1, 1));
        SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.ERROR), s -> { });
        Site site = registry.register(rule, CacheTesting.target("java.lang.String"), null);

        CacheLayer cache = assertInstanceOf(CacheLayer.class, site.chain().layer(LayerKind.CACHE));
        assertSame(settings, cache.settings());
        assertEquals(List.of(cache), site.layerMetrics());
        assertEquals(List.of("time", "cache"), site.layers());
        site.chain().close();
    }
}
