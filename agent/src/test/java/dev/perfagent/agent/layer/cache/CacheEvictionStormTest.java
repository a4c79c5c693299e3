package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.CacheTesting.figure;
import static dev.perfagent.agent.layer.cache.CacheTesting.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.jfr.CacheEvictionStormEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** A cache that turns over its capacity within a second is in a storm: counted, and a JFR event. */
class CacheEvictionStormTest {
    private final AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);

    @Test
    void theWatchCallsAStormOnlyForHalfTheCapacityAndAtLeastAHundred() {
        EvictionStormWatch watch = new EvictionStormWatch();
        assertFalse(watch.next(99, 0, 99, 10).storm(), "99 evictions: too few");
        assertTrue(watch.next(99 + 500, 10, 99 + 490, 1000).storm(), "500 of 1000");
        EvictionStormWatch.Second calm = watch.next(599 + 499, 10 + 600, 589 + 400, 1000);
        assertFalse(calm.storm(), "499 of 1000");
        assertEquals(0.6, calm.hitRatio(), 1e-9);
        assertEquals(1, watch.storms());
    }

    @Test
    void aChurningCacheEmitsTheEventAndCountsTheSecond() throws Exception {
        CacheLayer layer = new CacheLayer(CacheSettings.ofMaxSize(100), target("java.lang.String"),
                new ManualTicker(), log);
        try (Recording recording = new Recording()) {
            recording.enable(CacheEvictionStormEvent.NAME);
            recording.start();
            WovenMethod find = new WovenMethod((self, args) -> "v" + args[0], layer);
            Object self = new Object();
            layer.watchEvictions(); // the second before: nothing
            for (int i = 0; i < 2_000; i++) {
                find.call(self, "key-" + i); // every key new: each store beyond 100 evicts one
            }
            layer.cleanUp();
            layer.watchEvictions();
            recording.stop();
            Path file = Files.createTempFile("storm", ".jfr");
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(CacheEvictionStormEvent.NAME)).toList();
            Files.delete(file);
            assertEquals(1, events.size(), events.toString());
            RecordedEvent storm = events.get(0);
            assertTrue(storm.getLong("evictions") >= 1_800, storm.toString());
            assertEquals(100, storm.getLong("capacity"));
            assertEquals(2_000, storm.getLong("calls"));
            assertEquals(0.0, storm.getDouble("hitRatio"));
            assertEquals("r", storm.getString("rule"));
            assertEquals(1, figure(layer, "eviction_storms"));
        } finally {
            layer.close();
        }
    }
}
