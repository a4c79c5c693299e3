package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.CacheTesting.figure;
import static dev.perfagent.agent.layer.cache.CacheTesting.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.log.AgentLog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvalidationLayerTest {
    private final CacheLayer users = new CacheLayer(CacheSettings.ofMaxSize(100).withShared(true),
            target("java.lang.String"), new ManualTicker(), AgentLog.toStderr(AgentLog.Level.ERROR));
    private final CacheLayer names = new CacheLayer(CacheSettings.ofMaxSize(100).withShared(true),
            target("java.lang.String"), new ManualTicker(), AgentLog.toStderr(AgentLog.Level.ERROR));
    private final Map<String, String> store = new ConcurrentHashMap<>(Map.of("ada", "Ada Lovelace"));
    private final AtomicInteger reads = new AtomicInteger();
    private final WovenMethod find = new WovenMethod((self, args) -> store.get((String) args[0]) + "#"
            + reads.incrementAndGet(), users);
    private final WovenMethod update = new WovenMethod((self, args) -> {
        if (args[1] == null) {
            throw new IOException("rejected");
        }
        return store.put((String) args[0], (String) args[1]);
    }, new InvalidationLayer(() -> List.of(users, names)));

    @AfterEach
    void close() {
        users.close();
        names.close();
    }

    @Test
    void aNormalReturnClearsTheCaches() throws Exception {
        assertEquals("Ada Lovelace#1", find.call(null, "ada"));
        assertEquals("Ada Lovelace#1", find.call(null, "ada"));
        update.call(null, "ada", "Ada King");

        assertEquals("Ada King#2", find.call(null, "ada"));
        assertEquals(1, figure(users, "invalidations"));
        assertEquals(1, figure(names, "invalidations"));
    }

    @Test
    void aCallThatThrowsClearsNothing() throws Exception {
        find.call(null, "ada");
        assertThrows(IOException.class, () -> update.call(null, "ada", null));

        assertEquals("Ada Lovelace#1", find.call(null, "ada"));
        assertEquals(0, figure(users, "invalidations"));
    }

    @Test
    void itIsTheInnermostLayer() {
        InvalidationLayer layer = new InvalidationLayer(List::of);
        assertEquals(LayerKind.INVALIDATION, layer.kind());
        assertEquals("invalidate-on", layer.kind().key());
        // Innermost of the layers a rule stacks; only the model capture, which stands alone on its site, follows.
        assertEquals(LayerKind.MODEL_CAPTURE.ordinal() - 1, LayerKind.INVALIDATION.ordinal());
        assertEquals(LayerKind.METHOD.ordinal() - 1, LayerKind.MODEL_CAPTURE.ordinal());
        assertEquals(LayerKind.BATCH.ordinal() + 1, LayerKind.INVALIDATION.ordinal());
    }
}
