package dev.perfagent.agent.layer.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.perfagent.agent.advise.sites.ShadowCacheFigures;
import dev.perfagent.agent.config.ObserveKeysConfig;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.LayerFigure;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeyObservationLayerTest {
    private static final AgentLog LOG = AgentLog.toStderr(AgentLog.Level.ERROR);

    private static Object call(KeyObservationLayer layer, Object self, Object... args) {
        return layer.enter(LayeredCall.of(self, args, 0));
    }

    @Test
    void everyCallGoesOnAndRepeatedKeysAreHitsOfTheShadow() {
        KeyObservationLayer layer = new KeyObservationLayer("a.Catalog#price(String)",
                new ObserveKeysConfig(100, 1.0, true), LOG);
        for (String sku : new String[] {"a", "b", "a", "a", "c"}) {
            assertNull(call(layer, new Object(), sku));
        }
        assertEquals(new ShadowCacheFigures(5, 2, 100, 1.0), layer.shadowFigures());
        Map<String, Double> figures = layer.figures().stream()
                .collect(Collectors.toMap(LayerFigure::name, LayerFigure::value));
        assertEquals(Map.of("lookups", 5.0, "hits", 2.0, "key_faults", 0.0), figures);
        assertEquals(Map.of("proposed", "max-size 100, key-sample 100%, shared true"), layer.states());
    }

    @Test
    void unsharedKeysAreTheReceiversOwnAndABrokenHashIsSkipped() {
        KeyObservationLayer layer = new KeyObservationLayer("a.Catalog#price(Object)",
                new ObserveKeysConfig(100, 1.0, false), LOG);
        Object one = new Object();
        call(layer, one, "a");
        call(layer, new Object(), "a");
        call(layer, one, "a");
        Object broken = new Object() {
            @Override
            public int hashCode() {
                throw new IllegalStateException("no hash");
            }
        };
        assertNull(call(layer, one, broken));
        assertEquals(new ShadowCacheFigures(3, 1, 100, 1.0), layer.shadowFigures());
        assertEquals(1.0, layer.figures().get(2).value());
    }
}
