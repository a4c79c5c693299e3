package dev.perfagent.agent.layer.batch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.log.AgentLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Out of rotation and back, transition by transition, on a clock the test drives. */
class ExecutorPoolTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Object[] CALL = {1};
    private static final AgentLog LOG = AgentLog.toStderr(AgentLog.Level.ERROR);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private ExecutorPool pool(int n, int ejectAfter) {
        ExecutorSettings settings = new ExecutorSettings(n, RoutingStrategy.ROUND_ROBIN, 0, List.of(), ejectAfter,
                Duration.ofSeconds(5));
        List<BatchFunction> functions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            functions.add(Executors.IDENTITY);
        }
        return ExecutorPool.of(settings, new RoundRobinRouter(), now::get, LOG, functions);
    }

    private static void run(ExecutorPool pool, Executor e, Throwable failure) {
        e.started();
        pool.finished(e, 4, 1_000_000, failure);
    }

    @Test
    void failuresInARowWhileAnotherSucceedsTakeAnExecutorOut() {
        ExecutorPool pool = pool(2, 3);
        Executor bad = pool.executors().get(0);
        Executor good = pool.executors().get(1);
        RuntimeException broken = new RuntimeException("replica broken");
        run(pool, bad, broken);
        run(pool, good, null);
        run(pool, bad, broken);
        assertTrue(bad.inRotation(), "two failures: still in");
        run(pool, bad, broken);
        assertFalse(bad.inRotation(), "three in a row while the other succeeded: out");
        for (int i = 0; i < 5; i++) {
            assertSame(good, pool.route(CALL));
        }
    }

    @Test
    void aSuccessBreaksTheStreak() {
        ExecutorPool pool = pool(2, 3);
        Executor flaky = pool.executors().get(0);
        run(pool, pool.executors().get(1), null);
        run(pool, flaky, new RuntimeException());
        run(pool, flaky, new RuntimeException());
        run(pool, flaky, null);
        run(pool, flaky, new RuntimeException());
        run(pool, flaky, new RuntimeException());
        assertTrue(flaky.inRotation());
    }

    @Test
    void failuresEverywhereTakeNoneOut() {
        // A poisoned input or a broken model fails on every executor: the callers' fault, not one executor's.
        ExecutorPool pool = pool(2, 2);
        for (int i = 0; i < 10; i++) {
            run(pool, pool.executors().get(i % 2), new IllegalArgumentException("bad input"));
        }
        assertTrue(pool.executors().get(0).inRotation());
        assertTrue(pool.executors().get(1).inRotation());
    }

    @Test
    void outOfMemoryDoesNotCount() {
        ExecutorPool pool = pool(2, 1);
        run(pool, pool.executors().get(1), null);
        run(pool, pool.executors().get(0), new OutOfMemoryError("Java heap space"));
        run(pool, pool.executors().get(0), new RuntimeException("Failed to allocate memory for requested buffer"));
        assertTrue(pool.executors().get(0).inRotation());
    }

    @Test
    void theLastExecutorInRotationStaysIn() {
        ExecutorPool pool = pool(2, 1);
        Executor a = pool.executors().get(0);
        Executor b = pool.executors().get(1);
        run(pool, b, null);
        run(pool, a, new RuntimeException());
        assertFalse(a.inRotation());
        run(pool, a, null);   // a last-resort success brings it back
        run(pool, a, new RuntimeException());
        run(pool, b, new RuntimeException());
        assertTrue(a.inRotation() != b.inRotation(), "one of the two stays in rotation");
    }

    @Test
    void probedAfterProbeAfterAndBackOnSuccess() {
        ExecutorPool pool = pool(2, 1);
        Executor bad = pool.executors().get(0);
        Executor good = pool.executors().get(1);
        run(pool, good, null);
        run(pool, bad, new RuntimeException());
        assertFalse(bad.inRotation());

        now.addAndGet(5 * SECOND - 1);
        assertSame(good, pool.route(CALL), "not yet due");
        now.addAndGet(1);
        Executor probe = pool.route(CALL);
        assertSame(bad, probe, "due: the next batch is its probe");
        assertSame(good, pool.route(CALL), "one probe at a time");
        assertFalse(bad.inRotation(), "being probed is not in rotation");
        probe.started();
        pool.finished(probe, 1, 1_000, null);
        assertTrue(bad.inRotation(), "the probe succeeded: back in rotation");
        assertEquals(List.of(0, 1), List.of(pool.route(CALL).index(), pool.route(CALL).index()).stream()
                .sorted().toList());
    }

    @Test
    void aFailedProbeKeepsItOutAnotherPeriod() {
        ExecutorPool pool = pool(2, 1);
        Executor bad = pool.executors().get(0);
        run(pool, pool.executors().get(1), null);
        run(pool, bad, new RuntimeException());
        now.addAndGet(5 * SECOND);
        Executor probe = pool.route(CALL);
        assertSame(bad, probe);
        run(pool, probe, new RuntimeException("still broken"));
        assertFalse(bad.inRotation());
        now.addAndGet(5 * SECOND - 1);
        assertNotSame(bad, pool.route(CALL));
        now.addAndGet(1);
        assertSame(bad, pool.route(CALL), "probed again one period after the failed probe");
    }

    @Test
    void routedBatchFunctionRecordsTheOutcomeAndRethrows() throws Throwable {
        ExecutorSettings settings = new ExecutorSettings(2, RoutingStrategy.ROUND_ROBIN, 0, List.of(), 3,
                Duration.ofSeconds(5));
        IllegalStateException boom = new IllegalStateException("boom");
        BatchFunction failing = calls -> {
            throw boom;
        };
        ExecutorPool pool = ExecutorPool.of(settings, new RoundRobinRouter(), now::get, LOG,
                List.of(Executors.IDENTITY, failing));
        RoutedBatchFunction routed = new RoutedBatchFunction("site", pool, now::get);
        List<Object[]> calls = List.of(new Object[] {1}, new Object[] {2});
        assertEquals(List.of(1, 2), routed.apply(calls));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> routed.apply(calls)));
        assertEquals(1, pool.executors().get(1).failures());
        assertEquals(2, pool.executors().get(1).items());
        assertEquals(0, pool.executors().get(0).inFlight() + pool.executors().get(1).inFlight());
    }

    @Test
    void receiversJoinUpToReplicasAndACollectedOneIsReplaced() throws Exception {
        ExecutorSettings settings = new ExecutorSettings(2, RoutingStrategy.ROUND_ROBIN, 0, List.of(), 3,
                Duration.ofSeconds(5));
        ExecutorPool pool = ExecutorPool.create("site", settings, now::get, LOG);
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        pool.admit(a, () -> Executors.IDENTITY);
        pool.admit(a, () -> {
            throw new AssertionError("a is known: no second function");
        });
        assertTrue(pool.accepting());
        pool.admit(b, () -> Executors.IDENTITY);
        assertFalse(pool.accepting(), "two replicas: full");
        pool.admit(c, () -> {
            throw new AssertionError("full: c's calls run on a and b");
        });
        assertEquals(2, pool.executors().size());
        assertThrows(NoSuchMethodException.class, () -> {
            ExecutorPool other = ExecutorPool.create("site", settings, now::get, LOG);
            other.admit(a, () -> {
                throw new NoSuchMethodException("scoreBatch");
            });
        });
        assertTrue(pool.executors().get(0).runsOn(a));
        assertTrue(pool.executors().get(1).runsOn(b));
    }
}
