package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.CacheTesting.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.json.JsonWriter;
import dev.perfagent.export.report.LayerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cache layer's hottest keys: shown in its status only when values are asked for, and always bounded. */
class CacheHotKeysTest {
    private final ManualTicker ticker = new ManualTicker();
    private final AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);
    private final List<CacheLayer> layers = new ArrayList<>();

    @AfterEach
    void close() {
        layers.forEach(CacheLayer::close);
    }

    private CacheLayer layer(CacheSettings settings, String... parameterTypes) {
        CacheLayer layer = new CacheLayer(settings, target(parameterTypes), ticker, log);
        layers.add(layer);
        return layer;
    }

    private static WovenMethod echo(CacheLayer layer) {
        return new WovenMethod((self, args) -> "value", layer);
    }

    private static String json(LayerStatus status) {
        StringBuilder out = new StringBuilder();
        status.toJson(new JsonWriter(out));
        return out.toString();
    }

    @Test
    void hotKeysAreAbsentUnlessValuesAreShown() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(100).withShared(true), "java.lang.String");
        WovenMethod find = echo(layer);
        find.call(new Object(), "alice@example.com");

        String hidden = json(LayerStatus.from(layer, false));
        String shown = json(LayerStatus.from(layer, true));

        assertFalse(hidden.contains("hot_keys"), hidden);
        assertFalse(hidden.contains("alice"), hidden);
        assertEquals(Map.of(), LayerStatus.from(layer).hostValues());
        assertTrue(shown.contains("\"hot_keys\":[\"alice@example.com\"]"), shown);
    }

    @Test
    void theMostUsedKeysAreListedHottestFirstAndAtMostTen() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(20).withShared(true), "java.lang.String");
        WovenMethod find = echo(layer);
        Object self = new Object();
        for (int i = 0; i < 20; i++) {
            find.call(self, "key-" + i);
        }
        for (int round = 0; round < 50; round++) {
            find.call(self, "key-7");
        }
        layer.cleanUp();

        List<String> hot = layer.hostValues().get("hot_keys");

        assertEquals(CacheLayer.HOT_KEYS, hot.size(), hot.toString());
        assertEquals("key-7", hot.get(0), hot.toString());
    }

    @Test
    void keysRenderArraysByContentAndSeveralArgumentsAsAList() throws Exception {
        CacheLayer byArray = layer(CacheSettings.ofMaxSize(10).withShared(true), "float[]");
        echo(byArray).call(new Object(), (Object) new float[] {1.5f, 2f});
        CacheLayer byTwo = layer(CacheSettings.ofMaxSize(10).withShared(true), "java.lang.String", "int[]");
        echo(byTwo).call(new Object(), "user", new int[] {3, 4});

        assertEquals(List.of("[1.5, 2.0]"), byArray.hottestKeys(10));
        assertEquals(List.of("(user, [3, 4])"), byTwo.hottestKeys(10));
    }

    @Test
    void aLongKeyIsCutTo120Characters() throws Exception {
        CacheLayer byText = layer(CacheSettings.ofMaxSize(10).withShared(true), "java.lang.String");
        echo(byText).call(new Object(), "x".repeat(10_000));
        CacheLayer byArray = layer(CacheSettings.ofMaxSize(10).withShared(true), "long[]");
        echo(byArray).call(new Object(), (Object) new long[1_000_000]);

        String text = byText.hottestKeys(1).get(0);
        String array = byArray.hottestKeys(1).get(0);

        assertEquals(KeyText.MAX_CHARS, text.length());
        assertTrue(text.endsWith("…"), text);
        assertEquals(KeyText.MAX_CHARS, array.length());
        assertTrue(array.startsWith("[0, 0, 0"), array);
    }

    @Test
    void aKeyWhoseTextFailsIsShownByItsClass() throws Exception {
        CacheLayer layer = layer(CacheSettings.ofMaxSize(10).withShared(true), "a.Unprintable");
        echo(layer).call(new Object(), new Unprintable());

        assertEquals(List.of("<" + Unprintable.class.getName() + ">"), layer.hottestKeys(10));
    }

    /** A key whose toString throws, as a broken host class might. */
    private static final class Unprintable {
        @Override
        public String toString() {
            throw new IllegalStateException("no text");
        }
    }
}
