package dev.perfagent.agent.advise.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.BatchConfig;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.batch.BatchForm;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.Batcher;
import dev.perfagent.agent.layer.batch.WhenFull;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.gpu.DeviceInfo;
import dev.perfagent.gpu.DeviceReading;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/**
 * Through the real batch layer, site registry and evidence source: calls that queue behind a held batch while
 * the CPU (the CPU accelerator's device, read synthetically) is 30% busy come out as {@code batch-device-idle}
 * advice for one more executor. Time is the test's ticker: the queue waits are what it advanced.
 */
class BatchDeviceAdviceTest {
    private static final long SECOND = 1_000_000_000L;

    /** A model whose batch form can be held at its next batch. */
    public static final class Model {
        volatile boolean hold;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        public Integer score(Integer x) {
            return x + 1;
        }

        public Integer[] scoreBatch(Integer[] xs) throws InterruptedException {
            if (hold) {
                hold = false;
                entered.countDown();
                open.await(30, TimeUnit.SECONDS);
            }
            Integer[] out = new Integer[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = xs[i] + 1;
            }
            return out;
        }
    }

    @Test
    void callsQueuedWhileTheCpuIdlesAskForAnotherExecutor() throws Exception {
        AtomicLong now = new AtomicLong(1_000 * SECOND);
        AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);
        SiteRegistry registry = new SiteRegistry(now::get, log, site -> { });
        String method = Model.class.getName() + "#score(java.lang.Integer)";
        MethodPattern via = MethodPattern.parse(Model.class.getName() + "#scoreBatch(..)");
        BatchSettings settings = new BatchSettings(16, 1, 64, WhenFull.RUN_ALONE, Optional.empty(), Optional.empty(),
                Duration.ZERO);
        RuleConfig rule = new RuleConfig("model", List.of(MethodPattern.parse(method)), Optional.empty(),
                Optional.of(new BatchConfig(via, settings)), new ConfigLocation("t.yaml", 1, 1));
        BatchForm form = BatchForm.find(TypeDescription.ForLoadedType.of(Model.class),
                new MethodDescription.ForLoadedMethod(Model.class.getMethod("score", Integer.class)), via,
                Model.class.getClassLoader());
        Site site = registry.register(rule, LayerTarget.of("model", method, "java.lang.Integer",
                List.of("java.lang.Integer")), form.adapter());
        BatchLayer layer = site.batch();
        List<DeviceInfo> cpu = List.of(new DeviceInfo("cpu", 0, "Test CPU", "", 2, 8L << 30, 4L << 30));
        DeviceWindow devices = new DeviceWindow(() -> cpu, () -> List.of(new DeviceReading("cpu", 0, 0.3, 0.1,
                4L << 30, Double.NaN, Double.NaN, Double.NaN)));
        SiteEvidenceSource source = SiteEvidenceSource.of(registry, now::get, devices);

        Model model = new Model();
        for (int i = 0; i < 100; i++) {   // one caller: batches of one, no waiting
            assertEquals(i + 1, layer.call(model, new Object[] {i}).value());
        }
        model.hold = true;
        List<Thread> callers = new ArrayList<>();
        callers.add(caller(layer, model, 1000));
        assertTrue(model.entered.await(30, TimeUnit.SECONDS), "the held batch runs");
        for (int i = 1; i <= 5; i++) {
            Thread queued = caller(layer, model, 1000 + i);
            callers.add(queued);
            awaitParkedInBatcher(queued);
        }
        now.addAndGet(30 * SECOND);   // five calls wait 30 s each behind the held batch
        model.open.countDown();
        for (Thread t : callers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertEquals(6, correct.get(), "every queued caller got its own result from the batch");
        SiteEvidence evidence = source.window();
        BatchFigures batch = evidence.sites().get(0).batch().orElseThrow();
        assertEquals(102, batch.batches(), "100 alone, the held one, and the five queued together");
        assertEquals(150 * SECOND, batch.queueWaitNanos());
        assertEquals(16, batch.cap());
        assertEquals(1, batch.replicas());
        List<Recommendation> found = SiteAdvisor.standard(LoadedClasses.NONE, log).advise(evidence);
        Recommendation idle = found.stream().filter(r -> r.kind().equals("batch-device-idle")).findFirst()
                .orElseThrow(() -> new AssertionError(found));
        assertTrue(idle.action().startsWith("The CPU (Test CPU) was 30.0% busy while on average 5.0 calls"),
                idle.action());
        assertTrue(idle.config().contains("executors: { replicas: 2 }"), idle.config());
    }

    private final AtomicInteger correct = new AtomicInteger();

    private Thread caller(BatchLayer layer, Model model, int x) {
        Thread thread = new Thread(() -> {
            Outcome outcome = layer.call(model, new Object[] {x});
            if (outcome != null && Integer.valueOf(x + 1).equals(outcome.value())) {
                correct.incrementAndGet();
            }
        }, "caller-" + x);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits until {@code thread} parks in the batcher's queue (its blocker is the batcher). */
    private static void awaitParkedInBatcher(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(LockSupport.getBlocker(thread) instanceof Batcher)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " never queued");
            }
            Thread.onSpinWait();
        }
    }
}
