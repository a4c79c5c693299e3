package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perfagent.CallRejectedException;
import dev.perfagent.CallTimeoutException;
import dev.perfagent.agent.time.Ticker;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Everything at once, on random settings: short deadlines, interrupts, a small queue, poisoned inputs,
 * several workers. Whatever happens, every call ends (none hangs), each with an outcome it may have, no
 * input is answered twice, and the batcher ends idle with an empty queue (a dead entry left at the head
 * would mean a hand-off was missed).
 */
class BatcherStressTest {
    private static final int CALLERS = 64;

    @RepeatedTest(30)
    void everyCallEndsWithAnOutcomeItMayHave() throws Exception {
        SplittableRandom random = new SplittableRandom();
        boolean timed = random.nextBoolean();
        WhenFull whenFull = WhenFull.values()[random.nextInt(WhenFull.values().length)];
        Optional<Duration> timeout = timed ? Optional.of(Duration.ofNanos(50_000 + random.nextInt(2_000_000)))
                : Optional.empty();
        BatchSettings settings = new BatchSettings(1 + random.nextInt(16), 1 + random.nextInt(3),
                1 + random.nextInt(32), whenFull, timeout, Optional.empty(), BatchSettings.DEFAULT_MAX_DELAY);
        Model model = new Model();
        BatchStats stats = new BatchStats(settings.maxSize());
        Batcher batcher = new Batcher("score", model, new FixedPolicy(settings), settings, Ticker.SYSTEM, stats);

        CountDownLatch go = new CountDownLatch(1);
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            callers.add(Caller.start(batcher, random.nextInt(10) == 0 ? new Model.Poison(i) : (Object) i, go));
        }
        go.countDown();
        for (Caller caller : callers) {
            if (random.nextInt(8) == 0) {
                caller.thread.interrupt();
            }
        }
        String context = settings.toString();
        for (Caller caller : callers) {
            checkOutcome(caller, caller.outcome(), timed, context);
        }
        for (Object input : model.answered.keySet()) {
            assertEquals(1, model.answered.get(input).sum(), "answered once: " + input + " " + context);
        }
        assertTrue(batcher.awaitIdle(Duration.ofSeconds(10)), context);
        assertEquals(0, batcher.busyWorkers(), context);
        assertEquals(0, batcher.queued(), "dead entries left behind: " + context);
        assertTrue(model.maxRunning.get() <= settings.workers(), context);
        assertEquals(0, stats.faults(), context);
    }

    private static void checkOutcome(Caller caller, Object outcome, boolean timed, String context) {
        if (outcome == Batcher.RUN_ALONE || outcome instanceof CallTimeoutException
                || outcome instanceof CallRejectedException) {
            return;
        }
        if (outcome instanceof Model.PoisonException) {
            // Without deadlines bisection always reaches the single call; with them, a run out of budget
            // fails the unresolved calls with the last exception, whoever's it was.
            if (!timed) {
                assertSame(caller.input, ((Model.PoisonException) outcome).input, context);
            }
            return;
        }
        if (caller.input instanceof Integer) {
            assertEquals(Model.f((Integer) caller.input), outcome, context);
            return;
        }
        fail("call with " + caller.input + " ended with " + outcome + " " + context);
    }

    @Test
    void virtualThreadsGetTheirOwnResults() throws Exception {
        Function<Runnable, Thread> virtual = virtualThreads();
        assumeTrue(virtual != null, "virtual threads need JDK 21+");
        for (int round = 0; round < 10; round++) {
            Model model = new Model();
            BatchSettings settings = new BatchSettings(16, 1 + round % 2, 4096, WhenFull.RUN_ALONE, Optional.empty(),
                    Optional.empty(), BatchSettings.DEFAULT_MAX_DELAY);
            Batcher batcher = new Batcher("score", model, new FixedPolicy(settings), settings, Ticker.SYSTEM,
                    new BatchStats(16));
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Object>> results = new ArrayList<>();
            int calls = 1000;
            for (int i = 0; i < calls; i++) {
                CompletableFuture<Object> result = new CompletableFuture<>();
                Object[] args = {i};
                virtual.apply(() -> {
                    try {
                        go.await();
                        result.complete(batcher.call(args));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                }).start();
                results.add(result);
            }
            go.countDown();
            for (int i = 0; i < calls; i++) {
                try {
                    assertEquals(Model.f(i), results.get(i).get(10, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    throw new AssertionError("virtual call " + i + " failed or hung", e);
                }
            }
            assertEquals(calls, model.answered.size());
        }
    }

    /** {@code Thread.ofVirtual()::unstarted}, found reflectively since the code compiles for Java 17. */
    private static Function<Runnable, Thread> virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
            return task -> {
                try {
                    return (Thread) unstarted.invoke(builder, task);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
