package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.Contention;
import dev.perfagent.agent.advise.evidence.DurationStat;
import dev.perfagent.agent.advise.evidence.EvidenceAccumulator;
import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockContentionDetectorTest {
    private final LockContentionDetector detector = new LockContentionDetector();

    /** Monitor waits on app.Cache in a 10 s window. */
    private List<Recommendation> monitor(DurationStat atGet) {
        return detector.detect(Windows.of(Duration.ofSeconds(10)).withContention(new Contention(
                Map.of("app.Cache", Map.of("app.Cache#get", atGet)), Map.of(), 0)));
    }

    @Test
    void fiveWaitsAtLeast() {
        assertTrue(monitor(Windows.events(4, 1000)).isEmpty());
        assertEquals(1, monitor(Windows.events(5, 1000)).size());
    }

    @Test
    void severityFollowsTheThreadsBlockedOnAverage() {
        assertTrue(monitor(Windows.events(5, 99)).isEmpty()); // 0.0495 threads
        assertEquals(Severity.INFO, monitor(Windows.events(5, 100)).get(0).severity()); // 0.05
        assertEquals(Severity.WARNING, monitor(Windows.events(5, 500)).get(0).severity()); // 0.25
        assertEquals(Severity.CRITICAL, monitor(Windows.events(10, 1000)).get(0).severity()); // 1.0
        Recommendation r = monitor(Windows.events(10, 1000)).get(0);
        assertEquals("app.Cache", r.where());
        assertEquals(1000.0, r.gain().amount(), 1e-9);
        assertTrue(r.action().contains("synchronized on app.Cache, mostly in app.Cache#get"), r.action());
    }

    @Test
    void parksCountLikeMonitorsAndNameTheirSite() {
        Contention contention = new Contention(Map.of(), Map.of(
                "java.util.concurrent.locks.ReentrantLock$NonfairSync",
                Map.of("app.Pool#borrow", Windows.events(20, 1000), "app.Pool#release", Windows.events(5, 100)),
                "<none>", Map.of("app.Gate#await", Windows.events(10, 100))), 42);
        List<Recommendation> found = detector.detect(Windows.of(Duration.ofSeconds(10)).withContention(contention));
        assertEquals(2, found.size());
        Recommendation lock = found.get(0);
        assertEquals("app.Pool#borrow", lock.where()); // a JDK lock class: named by where threads wait for it
        assertEquals(Severity.CRITICAL, lock.severity()); // 20.5 s blocked in 10 s: 2 threads
        assertTrue(lock.action().contains("mostly in app.Pool#borrow"), lock.action());
        assertEquals("app.Gate#await", found.get(1).where(), "a park without a blocker is named by its site");
    }

    /**
     * Callers of a batch site park in the agent's Batcher, waiting for their batch by design; a monitor the
     * agent's code queues on is its own too. Neither is the user's lock to change.
     */
    @Test
    void waitsInTheAgentsCodeAreNotTheApplicationsContention() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        List<String> woven = List.of("dev.perfagent.agent.layer.LayerChain#enter", "dev.perfagent.bootstrap.Hooks#enter",
                "app.Model#score", "app.Server#handle");
        for (int i = 0; i < 20; i++) {
            accumulator.addPark("dev.perfagent.agent.layer.batch.Batcher", concat(List.of(
                    "jdk.internal.misc.Unsafe#park", "java.util.concurrent.locks.LockSupport#park",
                    "dev.perfagent.agent.layer.batch.Batcher#await"), woven), "http-worker-" + i, 1_000_000_000L);
            accumulator.addMonitorWait("java.lang.Object", concat(List.of(
                    "dev.perfagent.agent.layer.batch.Batcher#submit"), woven), 1_000_000_000L);
            // the application's own lock, taken in the same woven method, still counts
            accumulator.addPark("java.util.concurrent.locks.ReentrantLock$NonfairSync", List.of(
                    "jdk.internal.misc.Unsafe#park", "java.util.concurrent.locks.LockSupport#park",
                    "app.Pool#borrow", "app.Model#score"), "http-worker-" + i, 1_000_000_000L);
        }
        WindowEvidence evidence = Windows.of(Duration.ofSeconds(10)).withContention(
                accumulator.snapshot().contention());
        assertEquals(20, evidence.contention().idleParks());
        List<Recommendation> found = detector.detect(evidence);
        assertEquals(1, found.size(), found.toString());
        assertEquals("app.Pool#borrow", found.get(0).where());
        assertTrue(found.stream().noneMatch(r -> r.action().contains("dev.perfagent.")), found.toString());
    }

    @Test
    void aLockOfTheAgentsOwnIsLeftOut() {
        Contention contention = new Contention(Map.of(), Map.of("dev.perfagent.agent.layer.batch.Batcher",
                Map.of("app.Model#score", Windows.events(20, 1000))), 0);
        assertTrue(detector.detect(Windows.of(Duration.ofSeconds(10)).withContention(contention)).isEmpty());
    }

    private static List<String> concat(List<String> top, List<String> below) {
        return java.util.stream.Stream.concat(top.stream(), below.stream()).toList();
    }
}
