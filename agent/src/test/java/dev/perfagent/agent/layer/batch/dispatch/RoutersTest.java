package dev.perfagent.agent.layer.batch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each router's choice rule, with executors whose load and speed are set by hand. */
class RoutersTest {
    private static final Object[] CALL = {1};

    private static List<Integer> picks(Router router, Executor[] all, int n) {
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(router.choose(all, CALL).index());
        }
        return picked;
    }

    @Test
    void roundRobinTakesEachInTurnAndSkipsOneOutOfRotation() {
        Executor[] all = Executors.of(3);
        RoundRobinRouter router = new RoundRobinRouter();
        assertEquals(List.of(0, 1, 2, 0, 1, 2), picks(router, all, 6));
        Executors.takenOut(all[1]);
        assertEquals(List.of(0, 2, 2, 0, 2, 2), picks(router, all, 6), "1's turn passes to the next");
    }

    @Test
    void noneInRotationGivesNull() {
        Executor[] all = Executors.of(2);
        Executors.takenOut(all[0]);
        Executors.takenOut(all[1]);
        assertNull(new RoundRobinRouter().choose(all, CALL));
        assertNull(new LeastOutstandingRouter().choose(all, CALL));
        assertNull(new LeastLatencyRouter().choose(all, CALL));
        assertNull(new PowerOfTwoRouter(() -> new SplittableRandom(1)).choose(all, CALL));
        assertNull(new WeightedRouter(i -> 1).choose(all, CALL));
        assertNull(new ConsistentHashRouter(0).choose(all, CALL));
    }

    @Test
    void leastOutstandingTakesTheFewestInFlightAndSpreadsTies() {
        Executor[] all = Executors.of(3);
        Executors.load(all[0], 2);
        Executors.load(all[1], 1);
        Executors.load(all[2], 3);
        LeastOutstandingRouter router = new LeastOutstandingRouter();
        assertEquals(List.of(1, 1, 1), picks(router, all, 3));
        Executor[] idle = Executors.of(3);
        assertEquals(List.of(0, 1, 2), picks(router, idle, 3).stream().sorted().toList(),
                "all idle: the scan's start moves on, so each gets one");
    }

    @Test
    void powerOfTwoTakesTheLessLoadedOfTwoThenTheFaster() {
        Executor[] two = Executors.of(2);
        Executors.load(two[0], 1);
        PowerOfTwoRouter router = new PowerOfTwoRouter(() -> new SplittableRandom(7));
        assertEquals(List.of(1, 1, 1, 1), picks(router, two, 4), "with two executors both are always drawn");

        Executor[] tied = Executors.of(2);
        Executors.measured(tied[0], 10, 10_000_000);
        Executors.measured(tied[1], 10, 1_000_000);
        assertEquals(List.of(1, 1, 1, 1), picks(router, tied, 4), "equal in flight: the lower EWMA wins");
    }

    @Test
    void powerOfTwoNeverTakesTheMostLoadedOfThree() {
        // Of three, the most loaded loses every draw it is in; the other two share the picks.
        Executor[] all = Executors.of(3);
        Executors.load(all[2], 5);
        SplittableRandom seeded = new SplittableRandom(42);
        PowerOfTwoRouter router = new PowerOfTwoRouter(() -> seeded);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int pick : picks(router, all, 300)) {
            counts.merge(pick, 1, Integer::sum);
        }
        assertNull(counts.get(2), "the loaded executor: " + counts);
        assertTrue(counts.get(0) > 100 && counts.get(1) > 100, "the idle two share: " + counts);
    }

    @Test
    void leastLatencyWeighsTheEwmaByWhatIsInFlight() {
        Executor[] all = Executors.of(2);
        LeastLatencyRouter router = new LeastLatencyRouter();
        Executors.measured(all[0], 1, 1_000_000);   // 1 ms per call
        assertSame(all[1], router.choose(all, CALL), "an executor never measured is tried first");
        Executors.measured(all[1], 1, 4_000_000);   // 4 ms per call
        assertSame(all[0], router.choose(all, CALL));
        Executors.load(all[0], 3);                  // 1 ms x 4 = 4 ms: tied, the scan's start decides
        Executors.load(all[0], 1);                  // 1 ms x 5 = 5 ms > 4 ms x 1
        assertSame(all[1], router.choose(all, CALL), "the fast one spills over once it queues up");
    }

    @Test
    void ewmaIsPerCallAndSmoothed() {
        Executor e = Executors.of(1)[0];
        Executors.measured(e, 10, 10_000_000);
        assertEquals(1_000_000, e.nanosPerCall(), 1e-6, "first sample: 10 ms over 10 calls");
        Executors.measured(e, 2, 6_000_000);     // 3 ms per call
        assertEquals(1_000_000 + Executor.SMOOTHING * 2_000_000, e.nanosPerCall(), 1e-6);
        e.started();
        e.ended(4, 100_000_000, true);
        assertEquals(1_000_000 + Executor.SMOOTHING * 2_000_000, e.nanosPerCall(), 1e-6,
                "a failed batch's time is not the executor's speed");
        assertEquals(3, e.batches());
        assertEquals(16, e.items());
        assertEquals(1, e.failures());
        assertEquals(0, e.inFlight());
    }

    @Test
    void weightedInterleavesAsNginxDoes() {
        WeightedRouter router = new WeightedRouter(i -> new int[] {5, 1, 1}[i]);
        assertArrayEquals(new int[] {0, 0, 1, 0, 2, 0, 0}, router.period(3), "a a b a c a a");
        Executor[] all = Executors.of(3);
        List<Integer> picked = picks(router, all, 70);
        assertEquals(50, picked.stream().filter(i -> i == 0).count());
        assertEquals(10, picked.stream().filter(i -> i == 1).count());
        assertEquals(10, picked.stream().filter(i -> i == 2).count());
        Executors.takenOut(all[0]);
        assertTrue(picks(router, all, 14).stream().noneMatch(i -> i == 0), "its slots pass to the others");
    }

    @Test
    void consistentHashSendsAKeyToOneExecutorAndSkipsOneOutOfRotation() {
        Executor[] all = Executors.of(4);
        ConsistentHashRouter router = new ConsistentHashRouter(1);
        Object[] call = {"ignored", "user-17"};
        Executor first = router.choose(all, call);
        for (int i = 0; i < 10; i++) {
            assertSame(first, router.choose(all, new Object[] {"other", "user-17"}), "argument 1 alone decides");
        }
        assertSame(router.choose(all, new Object[] {0, new int[] {1, 2, 3}}),
                router.choose(all, new Object[] {0, new int[] {1, 2, 3}}), "arrays hash by content");

        Map<String, Integer> before = new HashMap<>();
        for (int k = 0; k < 2000; k++) {
            before.put("key" + k, router.choose(all, new Object[] {null, "key" + k}).index());
        }
        Executors.takenOut(all[2]);
        int moved = 0;
        for (Map.Entry<String, Integer> entry : before.entrySet()) {
            int now = router.choose(all, new Object[] {null, entry.getKey()}).index();
            if (entry.getValue() != 2) {
                assertEquals(entry.getValue(), now, "keys of executors in rotation stay");
            } else {
                assertTrue(now != 2);
                moved++;
            }
        }
        assertTrue(moved > 300 && moved < 700, "about a quarter of the keys were on 2: " + moved);
    }

    @Test
    void addingAnExecutorMovesAboutOneNthOfTheKeys() {
        ConsistentHashRouter router = new ConsistentHashRouter(0);
        int keys = 10_000;
        int moved = 0;
        for (int k = 0; k < keys; k++) {
            Object key = "session-" + k;
            int withFour = router.owner(4, key);
            int withFive = router.owner(5, key);
            if (withFour != withFive) {
                assertEquals(4, withFive, "a key only moves to the new executor");
                moved++;
            }
        }
        double share = (double) moved / keys;
        assertTrue(share > 0.15 && share < 0.25, "about 1/5 of the keys move: " + share);
    }
}
