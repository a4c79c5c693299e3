package dev.perfagent.agent.layer.batch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchForm;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/**
 * The test: three replicas of a model on the CPU, one of them slow, called from real threads
 * through the batch layer and a {@code via} batch form. Round-robin sends the slow one its third of the
 * batches; {@code least-latency} and {@code power-of-two} must send it clearly fewer. The assertions are on
 * the batches each replica ran, counted by the replicas themselves, not on timings.
 */
class ReplicaSpeedTest {
    private static final int THREADS = 12;
    private static final int CALLS_PER_THREAD = 120;

    /** A model replica: its batch form takes {@code batchMillis} however large the batch. */
    public static final class Replica {
        final long batchMillis;
        final LongAdder batches = new LongAdder();
        final LongAdder items = new LongAdder();

        Replica(long batchMillis) {
            this.batchMillis = batchMillis;
        }

        public Integer score(Integer x) {
            return 2 * x + 1;
        }

        public Integer[] scoreBatch(Integer[] xs) throws InterruptedException {
            batches.increment();
            items.add(xs.length);
            Thread.sleep(batchMillis);   // the model's own work, done on the leader's thread
            Integer[] out = new Integer[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = 2 * xs[i] + 1;
            }
            return out;
        }
    }

    private static BatchAdapter adapter() throws Exception {
        TypeDescription type = TypeDescription.ForLoadedType.of(Replica.class);
        MethodDescription score = new MethodDescription.ForLoadedMethod(Replica.class.getMethod("score", Integer.class));
        return BatchForm.find(type, score, MethodPattern.parse(Replica.class.getName() + "#scoreBatch(..)"),
                Replica.class.getClassLoader()).adapter();
    }

    /** Runs the load through a layer routing by {@code strategy}; returns the slow replica's share of batches. */
    private static double slowShare(RoutingStrategy strategy) throws Exception {
        List<Replica> replicas = List.of(new Replica(1), new Replica(12), new Replica(1));
        Replica slow = replicas.get(1);
        ExecutorSettings executors = new ExecutorSettings(3, strategy, 0, List.of(), 3, Duration.ofSeconds(5));
        BatchSettings settings = new BatchSettings(16, 3, 4096, dev.perfagent.agent.layer.batch.WhenFull.RUN_ALONE,
                Optional.empty(), Optional.empty(), Duration.ZERO);
        BatchLayer layer = new BatchLayer("Replica#score", adapter(), settings, executors, Duration.ZERO,
                Ticker.SYSTEM, AgentLog.toStderr(AgentLog.Level.ERROR));
        AtomicReference<Throwable> wrong = new AtomicReference<>();
        AtomicInteger alone = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Replica own = replicas.get(t % replicas.size());   // every replica calls the site, so all three join
            int base = t * 1_000_000;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        int x = base + i;
                        Outcome outcome = layer.call(own, new Object[] {x});
                        if (outcome == null) {
                            alone.incrementAndGet();
                        } else if (!Integer.valueOf(2 * x + 1).equals(outcome.value())) {
                            wrong.compareAndSet(null, new AssertionError("call " + x + " got " + outcome.value()));
                        }
                    }
                } catch (Throwable e) {
                    wrong.compareAndSet(null, e);
                }
            }, "replica-speed-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertTrue(layer.close(Duration.ofSeconds(5)));
        if (wrong.get() != null) {
            throw new AssertionError("a caller did not get its own result", wrong.get());
        }
        long items = replicas.stream().mapToLong(r -> r.items.sum()).sum();
        assertEquals((long) THREADS * CALLS_PER_THREAD, items + alone.get(), "every call ran exactly once");
        assertEquals(3, layer.executors().size(), "all three replicas joined");
        long batches = replicas.stream().mapToLong(r -> r.batches.sum()).sum();
        assertEquals(batches, layer.executors().stream().mapToLong(ExecutorSnapshot::batches).sum(),
                "the executors' figures count the batches the replicas ran");
        return (double) slow.batches.sum() / batches;
    }

    @Test
    void leastLatencyAndPowerOfTwoRouteLessToTheSlowReplica() throws Exception {
        double roundRobin = slowShare(RoutingStrategy.ROUND_ROBIN);
        double leastLatency = slowShare(RoutingStrategy.LEAST_LATENCY);
        double powerOfTwo = slowShare(RoutingStrategy.POWER_OF_TWO);
        String shares = String.format("slow replica's share of batches: round-robin %.3f, least-latency %.3f,"
                + " power-of-two %.3f", roundRobin, leastLatency, powerOfTwo);
        assertTrue(roundRobin > 0.28, "round-robin gives each its turn; " + shares);
        assertTrue(leastLatency < roundRobin / 2, shares);
        assertTrue(powerOfTwo < roundRobin / 2, shares);
    }
}
