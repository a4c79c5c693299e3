package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failure isolation on batches whose make-up is known: a gate holds the model while they queue. */
class BisectionTest {
    private final Model model = new Model();
    private BatchStats stats;

    private Batcher batcher(BatchFunction function, int cap, Duration timeout, Ticker ticker) {
        BatchSettings settings = new BatchSettings(cap, 1, 64, WhenFull.RUN_ALONE, Optional.ofNullable(timeout),
                Optional.empty(), BatchSettings.DEFAULT_MAX_DELAY);
        stats = new BatchStats(cap);
        return new Batcher("score", function, new FixedPolicy(settings), settings, ticker, stats);
    }

    /** Queues {@code inputs} behind a held batch, then lets them run as one batch. */
    private static List<Caller> runAsOneBatch(Batcher batcher, List<Object> inputs) throws Exception {
        Model.Gate gate = new Model.Gate();
        Caller leader = Caller.start(batcher, gate);
        gate.awaitEntered();
        List<Caller> callers = new ArrayList<>();
        for (Object input : inputs) {
            int before = batcher.queued();
            callers.add(Caller.start(batcher, input));
            Eventually.until(input + " queued", () -> batcher.queued() == before + 1);
        }
        gate.open();
        assertSame(gate, leader.result());
        return callers;
    }

    private static List<Object> inputs(int n, int... poisoned) {
        List<Object> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(i);
        }
        for (int i : poisoned) {
            inputs.set(i, new Model.Poison(i));
        }
        return inputs;
    }

    @Test
    void eachPoisonedCallIsIsolatedWithItsOwnException() throws Exception {
        Batcher batcher = batcher(model, 16, null, Ticker.SYSTEM);
        List<Caller> callers = runAsOneBatch(batcher, inputs(16, 3, 11));

        for (Caller caller : callers) {
            if (caller.input instanceof Model.Poison) {
                Model.PoisonException e = assertInstanceOf(Model.PoisonException.class, caller.failure());
                assertSame(caller.input, e.input);
            } else {
                assertEquals(Model.f((Integer) caller.input), caller.result());
            }
        }
        assertEquals(2, stats.isolatedFailures());
        // The held batch, the batch of 16, and 7 re-runs per half: [0-7] [0-3] [0-1] [2-3] [2] [3] [4-7].
        assertEquals(1 + 1 + 14, model.applies.get());
        assertEquals(2, stats.batches());
        assertEquals(17, stats.items());
    }

    @Test
    void whenTheNextRunWouldMissADeadlineTheUnresolvedCallsFailWithTheLastException() throws Exception {
        AtomicLong now = new AtomicLong();
        // Each run of more than one call takes one second of (hand-driven) time.
        BatchFunction slow = calls -> {
            if (calls.size() > 1) {
                now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            }
            return model.apply(calls);
        };
        Batcher batcher = batcher(slow, 8, Duration.ofMillis(1500), now::get);
        List<Caller> callers = runAsOneBatch(batcher, inputs(8, 5));

        Model.Poison poison = (Model.Poison) callers.get(5).input;
        for (Caller caller : callers) {
            Model.PoisonException e = assertInstanceOf(Model.PoisonException.class, caller.failure());
            assertSame(poison, e.input, "all fail with the batch's exception: no time to bisect");
        }
        assertEquals(0, stats.isolatedFailures());
        assertEquals(2, model.applies.get());
    }

    @Test
    void withTimeEnoughTheSameBatchIsBisected() throws Exception {
        AtomicLong now = new AtomicLong();
        BatchFunction slow = calls -> {
            if (calls.size() > 1) {
                now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            }
            return model.apply(calls);
        };
        Batcher batcher = batcher(slow, 8, Duration.ofSeconds(10), now::get);
        List<Caller> callers = runAsOneBatch(batcher, inputs(8, 5));

        for (Caller caller : callers) {
            if (caller.input instanceof Model.Poison) {
                assertInstanceOf(Model.PoisonException.class, caller.failure());
            } else {
                assertEquals(Model.f((Integer) caller.input), caller.result());
            }
        }
        assertEquals(1, stats.isolatedFailures());
    }
}
