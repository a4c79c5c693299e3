package dev.perfagent.agent.layer.batch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.batch.DeviceMemory;
import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.ReceiverCopies;
import dev.perfagent.agent.layer.batch.WhenFull;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSettings;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSnapshot;
import dev.perfagent.agent.layer.batch.dispatch.RoutingStrategy;
import dev.perfagent.agent.time.Ticker;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code batch.executors.replicas} on {@code OrtSession#run} with the real ONNX Runtime on the CPU: the layer
 * opens sessions over the host's model, routes batches among the host's session and them, gives each caller its
 * own outputs, and closes the sessions it opened (never the host's).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OnnxReplicasTest {
    private static final int THREADS = 16;
    private static final int CALLS_PER_THREAD = 20;
    private static final int MAX_ROUNDS = 30;
    private static final String RUN = "ai.onnxruntime.OrtSession#run(java.util.Map)";

    private final OrtFixture ort = new OrtFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    /** The replicas each layer was handed, to check they are closed. */
    private final List<ReceiverCopies> copies = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        ort.close();
    }

    private BatchLayer layer(int replicas) throws Exception {
        BatchSettings settings = new BatchSettings(64, replicas, 4096, WhenFull.RUN_ALONE, Optional.empty(),
                Optional.empty(), BatchSettings.DEFAULT_MAX_DELAY);
        ExecutorSettings executors = new ExecutorSettings(replicas, RoutingStrategy.ROUND_ROBIN, 0, List.of(),
                ExecutorSettings.DEFAULT_EJECT_AFTER, ExecutorSettings.DEFAULT_PROBE_AFTER);
        return new BatchLayer("onnx", RUN, recording(ort.adapter(OrtFixture.RUN)), settings, executors, Duration.ZERO,
                Ticker.SYSTEM, ort.log, DeviceMemory.NONE);
    }

    /** The adapter, remembering the copies it makes. */
    private BatchAdapter recording(BatchAdapter adapter) {
        return new BatchAdapter() {
            @Override
            public Object queueKey(Object self, Object[] args) {
                return adapter.queueKey(self, args);
            }

            @Override
            public BatchFunction function(Object self, Object key) throws ReflectiveOperationException {
                return adapter.function(self, key);
            }

            @Override
            public boolean copiesReceivers() {
                return adapter.copiesReceivers();
            }

            @Override
            public ReceiverCopies copy(Object self, int count) throws Exception {
                ReceiverCopies made = adapter.copy(self, count);
                copies.add(made);
                return made;
            }

            @Override
            public String via() {
                return adapter.via();
            }
        };
    }

    @Test
    void batchesRunOnTheHostsSessionAndItsReplicaAndEachCallerGetsItsOwnOutputs() throws Exception {
        OrtSession session = ort.capturedSession(OnnxTestModels.mlp(16, 32, 4, 3, OnnxTestModels.BATCH));
        BatchLayer layer = layer(2);
        assertTrue(layer.copied());
        SplittableRandom seeds = new SplittableRandom(11);
        int rounds = 0;
        while (!everyExecutorRan(layer, 2) || layer.stats().batchSizes().getMaxValue() < 2) {
            assertTrue(++rounds <= MAX_ROUNDS, "batches did not reach both sessions, merged, in " + MAX_ROUNDS
                    + " rounds: " + layer.executors());
            long seed = seeds.nextLong();
            OrtFixture.onAllThreads(pool, THREADS, () -> {
                SplittableRandom random = new SplittableRandom(seed ^ Thread.currentThread().getId());
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    int rows = 1 + random.nextInt(3);
                    try (OnnxTensor input = OnnxTensor.createTensor(OrtFixture.ENV,
                            FloatBuffer.wrap(OrtFixture.randomFloats(random, rows * 16)), new long[] {rows, 16})) {
                        Map<String, OnnxTensor> inputs = Map.of("x", input);
                        try (OrtSession.Result expected = session.run(inputs);
                                OrtSession.Result actual = (OrtSession.Result) OrtFixture.wovenCall(layer, session,
                                        new Object[] {inputs}, () -> session.run(inputs))) {
                            OrtFixture.assertSameResult(expected, actual);
                        } catch (Throwable t) {
                            throw new AssertionError(t);
                        }
                    }
                }
                return null;
            });
        }
        assertEquals(0, layer.stats().faults(), String.valueOf(layer.stats().lastFault()));
        assertEquals(1, copies.size(), "one set of replicas per host session");
        List<Object> replicas = ((SessionReplicas) copies.get(0)).sessions();
        assertEquals(1, replicas.size());
        assertFalse(OrtFixture.isClosed((OrtSession) replicas.get(0)));
        ort.assertBatchValuesClosed();

        assertTrue(layer.close(Duration.ofSeconds(10)));
        assertTrue(OrtFixture.isClosed((OrtSession) replicas.get(0)), "the replica is closed with the layer");
        assertFalse(OrtFixture.isClosed(session), "the host's own session stays open");
        try (OnnxTensor input = ort.floats(1, 16, new SplittableRandom(1));
                OrtSession.Result result = session.run(Map.of("x", input))) {
            assertEquals(2, result.size());
        }
    }

    private static boolean everyExecutorRan(BatchLayer layer, int executors) {
        List<ExecutorSnapshot> all = layer.executors();
        return all.size() == executors && all.stream().allMatch(e -> e.batches() > 0);
    }

    @Test
    void aSessionCreatedUnwatchedRunsAloneAndTheLogNamesTheRuleAndKey() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(8, 8, 2, 5, OnnxTestModels.BATCH));
        BatchLayer layer = layer(2);
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 3; i++) {
            try (OnnxTensor input = ort.floats(2, 8, random)) {
                Map<String, OnnxTensor> inputs = Map.of("x", input);
                try (OrtSession.Result expected = session.run(inputs);
                        OrtSession.Result actual = (OrtSession.Result) OrtFixture.wovenCall(layer, session,
                                new Object[] {inputs},
                                () -> session.run(inputs))) {
                    OrtFixture.assertSameResult(expected, actual);
                }
            }
        }
        assertTrue(layer.executors().isEmpty(), "one executor: " + layer.executors());
        assertEquals(1, ort.logged("rules.onnx.batch.executors.replicas"), String.join("\n", ort.logLines()));
        assertEquals(1, ort.logged("created before perf-agent watched OrtEnvironment#createSession"));
        assertTrue(layer.close(Duration.ofSeconds(10)));
    }

    @Test
    void onceTheHostClosedItsSessionEveryCallGetsOnnxRuntimesOwnExceptionOnEveryExecutor() throws Throwable {
        OrtSession session = ort.capturedSession(OnnxTestModels.mlp(8, 8, 2, 7, OnnxTestModels.BATCH));
        BatchLayer layer = layer(2);
        SplittableRandom random = new SplittableRandom(4);
        try (OnnxTensor input = ort.floats(1, 8, random)) {
            Map<String, OnnxTensor> inputs = Map.of("x", input);
            ((OrtSession.Result) OrtFixture.wovenCall(layer, session, new Object[] {inputs},
                    () -> session.run(inputs))).close();
            session.close();
            IllegalStateException unbatched = assertThrows(IllegalStateException.class, () -> session.run(inputs));
            // Round-robin: the calls go to the host's session and to its replica in turn.
            for (int i = 0; i < 4; i++) {
                IllegalStateException thrown = assertThrows(IllegalStateException.class,
                        () -> OrtFixture.wovenCall(layer, session, new Object[] {inputs}, () -> session.run(inputs)));
                assertEquals(unbatched.getMessage(), thrown.getMessage());
            }
        }
        assertTrue(layer.executors().stream().allMatch(e -> e.failures() > 0), String.valueOf(layer.executors()));
        assertTrue(layer.close(Duration.ofSeconds(10)));
    }

    @Test
    void replicasShareTheCoresRatherThanEachTakingThemAll() {
        assertEquals(1, SessionReplicas.intraOpThreads(2, 2));
        assertEquals(1, SessionReplicas.intraOpThreads(4, 2));
        assertEquals(4, SessionReplicas.intraOpThreads(4, 16));
        assertEquals(5, SessionReplicas.intraOpThreads(3, 16));
    }

    @Test
    void theModelIsCapturedFromThePublicCreateSessionOverloadsOnly() {
        TypeDescription environment = TypeDescription.ForLoadedType.of(OrtEnvironment.class);
        List<String> watched = new ArrayList<>();
        for (MethodDescription method : environment.getDeclaredMethods()) {
            if (OnnxRunAdapters.createsSession(environment, method)) {
                watched.add(method.toString());
            }
        }
        assertEquals(6, watched.size(), String.valueOf(watched));
        assertTrue(watched.stream().allMatch(m -> m.startsWith("public ")), String.valueOf(watched));
    }



}
