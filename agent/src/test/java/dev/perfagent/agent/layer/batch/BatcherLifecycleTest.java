package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.CallRejectedException;
import dev.perfagent.CallTimeoutException;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Timeouts, interrupts, a full queue, a broken batch method, close and re-entry. Most tests hold the model
 * inside a first batch (a {@link Model.Gate}) so that the calls behind it are known to be queued.
 */
class BatcherLifecycleTest {
    private final Model model = new Model();
    private BatchStats stats;

    private Batcher batcher(int cap, int capacity, WhenFull whenFull, Duration timeout) {
        return batcher(model, new FixedPolicy(cap, 0, false), cap, capacity, whenFull, timeout);
    }

    private Batcher batcher(BatchFunction function, BatchPolicy policy, int cap, int capacity, WhenFull whenFull,
                            Duration timeout) {
        BatchSettings settings = new BatchSettings(cap, 1, capacity, whenFull, Optional.ofNullable(timeout),
                Optional.empty(), BatchSettings.DEFAULT_MAX_DELAY);
        stats = new BatchStats(cap);
        return new Batcher("score", function, policy, settings, Ticker.SYSTEM, stats);
    }

    /** Starts a call whose batch holds at {@code gate}; returns once the model is held. */
    private static Caller hold(Batcher batcher, Model.Gate gate) throws InterruptedException {
        Caller caller = Caller.start(batcher, gate);
        gate.awaitEntered();
        return caller;
    }

    /** Starts one call per input, each known to be queued before the next starts (so FIFO order is known). */
    private static List<Caller> enqueue(Batcher batcher, Object... inputs) {
        List<Caller> callers = new ArrayList<>();
        for (Object input : inputs) {
            int before = batcher.queued();
            callers.add(Caller.start(batcher, input));
            Eventually.until(input + " queued", () -> batcher.queued() == before + 1);
        }
        return callers;
    }

    // ---- timeouts ----

    @Test
    void aQueuedCallTimesOutAndLeavesTheQueue() throws Throwable {
        Batcher batcher = batcher(1, 16, WhenFull.RUN_ALONE, Duration.ofMillis(200));
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        Caller queued = enqueue(batcher, 7).get(0);

        CallTimeoutException timeout = assertInstanceOf(CallTimeoutException.class, queued.failure());
        assertTrue(timeout.getMessage().contains("score") && timeout.getMessage().contains("while queued"),
                timeout.getMessage());
        assertEquals(1, stats.timedOut());
        gate.open();
        assertSame(gate, leader.result(), "the leader cannot leave its own batch and gets its result");
        assertEquals(Model.f(8), batcher.call(new Object[] {8}));
        assertFalse(model.answered.containsKey(7), "a cancelled call is never run");
        assertTrue(batcher.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(0, batcher.queued());
    }

    @Test
    void aCallInARunningBatchGivesUpAtItsDeadlineAndItsResultIsDropped() throws Exception {
        Batcher batcher = batcher(2, 16, WhenFull.RUN_ALONE, Duration.ofSeconds(2));
        Model.Gate first = new Model.Gate();
        Model.Gate second = new Model.Gate();
        Caller leader = hold(batcher, first);
        List<Caller> pair = enqueue(batcher, second, 5);
        first.open();
        // The leader keeps the permit while calls wait, so it runs [second, 5] too: both are followers.
        second.awaitEntered();
        Eventually.until("both followers time out", () -> pair.get(0).done() && pair.get(1).done());
        second.open();
        assertSame(first, leader.result());

        for (Caller caller : pair) {
            Object outcome = caller.outcome();
            assertTrue(outcome instanceof CallTimeoutException, String.valueOf(outcome));
            String message = ((CallTimeoutException) outcome).getMessage();
            assertTrue(message.contains("batch was running"), message);
        }
        assertEquals(2, stats.timedOut());
        assertTrue(batcher.awaitIdle(Duration.ofSeconds(10)));
    }

    // ---- interrupts ----

    @Test
    void aCallInterruptedWhileQueuedRunsAloneWithItsInterruptStatusSet() throws Exception {
        Batcher batcher = batcher(1, 16, WhenFull.RUN_ALONE, null);
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        Caller queued = enqueue(batcher, 3).get(0);

        queued.thread.interrupt();
        assertSame(Batcher.RUN_ALONE, queued.result());
        assertTrue(queued.interruptedAtEnd());
        assertEquals(1, stats.runAlone());
        gate.open();
        assertSame(gate, leader.result());
        assertFalse(model.answered.containsKey(3));
    }

    @Test
    void aCallInterruptedInARunningBatchStillGetsItsResult() throws Exception {
        Batcher batcher = batcher(2, 16, WhenFull.RUN_ALONE, null);
        Model.Gate first = new Model.Gate();
        Model.Gate second = new Model.Gate();
        Caller leader = hold(batcher, first);
        List<Caller> pair = enqueue(batcher, second, 5);
        first.open();
        second.awaitEntered();   // run by the same leader, which keeps the permit while calls wait
        pair.forEach(caller -> caller.thread.interrupt());
        second.open();
        assertSame(first, leader.result());

        assertSame(second, pair.get(0).result());
        assertEquals(Model.f(5), pair.get(1).result());
        assertTrue(pair.get(0).interruptedAtEnd() && pair.get(1).interruptedAtEnd(), "interrupt status restored");
    }

    // ---- a full queue ----

    @Test
    void aFullQueueWithRunAloneHandsTheCallBack() throws Throwable {
        Batcher batcher = batcher(1, 3, WhenFull.RUN_ALONE, null);
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        List<Caller> queued = enqueue(batcher, 1, 2, 3);

        assertSame(Batcher.RUN_ALONE, batcher.call(new Object[] {4}));
        assertEquals(1, stats.rejected());
        assertEquals(1, stats.runAlone());
        gate.open();
        assertSame(gate, leader.result());
        for (Caller caller : queued) {
            assertEquals(Model.f((Integer) caller.input), caller.result());
        }
    }

    @Test
    void aFullQueueWithRejectThrowsCallRejected() throws Exception {
        Batcher batcher = batcher(1, 3, WhenFull.REJECT, null);
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        List<Caller> queued = enqueue(batcher, 1, 2, 3);

        CallRejectedException e = assertThrows(CallRejectedException.class, () -> batcher.call(new Object[] {4}));
        assertTrue(e.getMessage().contains("score") && e.getMessage().contains("queue full")
                && e.getMessage().contains("capacity 3"), e.getMessage());
        assertEquals(1, stats.rejected());
        gate.open();
        assertSame(gate, leader.result());
        for (Caller caller : queued) {
            assertEquals(Model.f((Integer) caller.input), caller.result());
        }
    }

    @Test
    void aFullQueueWithBlockWaitsForRoom() throws Exception {
        Batcher batcher = batcher(1, 3, WhenFull.BLOCK, null);
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        List<Caller> queued = enqueue(batcher, 1, 2, 3);

        Caller blocked = Caller.start(batcher, 4);
        Eventually.until("the fourth call finds the queue full", () -> stats.rejected() == 1);
        assertFalse(blocked.done(), "no room can appear while the model is held");
        gate.open();
        assertSame(gate, leader.result());
        for (Caller caller : queued) {
            assertEquals(Model.f((Integer) caller.input), caller.result());
        }
        assertEquals(Model.f(4), blocked.result());
    }

    @Test
    void aBlockedCallTimesOutWhenNoRoomAppears() throws Throwable {
        Batcher batcher = batcher(1, 3, WhenFull.BLOCK, Duration.ofMillis(200));
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        List<Caller> queued = enqueue(batcher, 1, 2, 3);

        Caller blocked = Caller.start(batcher, 4);
        // The queued calls time out too, but their dead entries keep the queue full until a leader drains it.
        CallTimeoutException e = assertInstanceOf(CallTimeoutException.class, blocked.failure());
        assertTrue(e.getMessage().contains("waiting for room"), e.getMessage());
        for (Caller caller : queued) {
            assertInstanceOf(CallTimeoutException.class, caller.failure());
        }
        gate.open();
        assertSame(gate, leader.result());
        assertEquals(Model.f(5), batcher.call(new Object[] {5}));
    }

    @Test
    void shedCallsAreRejectedOnlyWithWhenFullReject() throws Throwable {
        FixedPolicy shedAll = new FixedPolicy(4, 0, true);
        Batcher rejecting = batcher(model, shedAll, 4, 16, WhenFull.REJECT, null);
        CallRejectedException e = assertThrows(CallRejectedException.class, () -> rejecting.call(new Object[] {1}));
        assertTrue(e.getMessage().contains("score") && e.getMessage().contains("shed: predicted to miss the SLO"),
                e.getMessage());
        assertEquals(1, stats.shed());

        // Only a refused call takes load off; run alone it would add an unbatched call, so it queues.
        Batcher runningAlone = batcher(model, shedAll, 4, 16, WhenFull.RUN_ALONE, null);
        assertEquals(Model.f(1), runningAlone.call(new Object[] {1}), "RUN_ALONE queues instead of shedding");
        assertEquals(0, stats.shed());
        assertEquals(0, stats.runAlone());

        Batcher blocking = batcher(model, shedAll, 4, 16, WhenFull.BLOCK, null);
        assertEquals(Model.f(1), blocking.call(new Object[] {1}), "BLOCK waits in the queue instead of shedding");
        assertEquals(0, stats.shed());
    }

    // ---- a broken batch method ----

    @Test
    void aResultListOfTheWrongLengthTurnsBatchingOff() throws Throwable {
        BatchFunction wrongLength = calls -> {
            model.apply(calls);
            return List.of();
        };
        Batcher batcher = batcher(wrongLength, new FixedPolicy(1, 0, false), 1, 16, WhenFull.RUN_ALONE, null);
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        Caller queued = enqueue(batcher, 2).get(0);
        gate.open();

        IllegalStateException e = assertInstanceOf(IllegalStateException.class, leader.failure());
        assertTrue(e.getMessage().contains("score") && e.getMessage().contains("returned 0 results for 1 calls")
                && e.getMessage().contains("batching is now off"), e.getMessage());
        assertSame(Batcher.RUN_ALONE, queued.result(), "calls still queued run the original method");
        assertTrue(batcher.disabled());
        assertTrue(stats.disabled());
        assertSame(Batcher.RUN_ALONE, batcher.call(new Object[] {3}));
    }

    @Test
    void aNullResultListTurnsBatchingOff() throws Throwable {
        Batcher batcher = batcher(calls -> null, new FixedPolicy(4, 0, false), 4, 16, WhenFull.RUN_ALONE, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> batcher.call(new Object[] {1}));
        assertTrue(e.getMessage().contains("returned null for 1 calls"), e.getMessage());
        assertSame(Batcher.RUN_ALONE, batcher.call(new Object[] {1}));
    }

    // ---- close and re-entry ----

    @Test
    void closeCompletesEveryPendingCallWhileTheRunningBatchFinishes() throws Throwable {
        Batcher batcher = batcher(1, 64, WhenFull.RUN_ALONE, null);
        Model.Gate gate = new Model.Gate();
        Caller leader = hold(batcher, gate);
        List<Caller> queued = enqueue(batcher, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

        batcher.close();
        for (Caller caller : queued) {
            assertSame(Batcher.RUN_ALONE, caller.result());
        }
        assertFalse(leader.done(), "the running batch is not interrupted");
        assertFalse(batcher.awaitIdle(Duration.ofMillis(1)));
        assertSame(Batcher.RUN_ALONE, batcher.call(new Object[] {11}));
        gate.open();
        assertSame(gate, leader.result());
        assertTrue(batcher.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(0, batcher.queued());
        assertEquals(1, model.applies.get());
    }

    @Test
    void aCallTheBatchMethodMakesIntoItsOwnBatcherRunsAlone() {
        AtomicReference<Batcher> self = new AtomicReference<>();
        BatchFunction reentrant = calls -> {
            List<Object> results = new ArrayList<>();
            for (Object[] call : calls) {
                Object inner = self.get().call(call);
                results.add(inner == Batcher.RUN_ALONE ? "inner call ran alone" : inner);
            }
            return results;
        };
        Batcher batcher = batcher(reentrant, new FixedPolicy(4, 0, false), 4, 16, WhenFull.RUN_ALONE, null);
        self.set(batcher);
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertEquals("inner call ran alone", batcher.call(new Object[] {1})));
    }
}
