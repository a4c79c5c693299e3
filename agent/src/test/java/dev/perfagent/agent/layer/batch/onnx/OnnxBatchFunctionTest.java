package dev.perfagent.agent.layer.batch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.BatchStats;
import dev.perfagent.agent.layer.batch.StagingTimer;
import dev.perfagent.gpu.DirectHostMemory;
import dev.perfagent.gpu.StagingBufferPool;
import dev.perfagent.gpu.StagingPoolStats;
import dev.perfagent.gpu.StagingSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One batch at a time, straight through the batch function: merging, splitting, ordering and closing. */
class OnnxBatchFunctionTest {
    private final OrtFixture ort = new OrtFixture();
    private final SplittableRandom random = new SplittableRandom(7);

    @AfterEach
    void close() throws Exception {
        ort.close();
    }

    /** Runs {@code calls} as one batch through {@code adapter}, checking they share a queue key. */
    private static List<Object> batch(BatchAdapter adapter, OrtSession session, List<Object[]> calls) throws Throwable {
        Object key = adapter.queueKey(session, calls.get(0));
        assertNotNull(key, "batchable");
        for (Object[] call : calls) {
            assertEquals(key, adapter.queueKey(session, call), "one queue");
        }
        BatchFunction function = adapter.function(session, key);
        return function.apply(calls);
    }

    @Test
    void callersWithDifferentRowCountsEachGetTheirOwnRows() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 1, OnnxTestModels.BATCH));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        List<Object[]> calls = new ArrayList<>();
        for (int rows : new int[] {1, 3, 2, 1, 5}) {
            calls.add(new Object[] {Map.of("x", ort.floats(rows, 4, random))});
        }
        List<Object> results = batch(adapter, session, calls);
        OrtFixture.assertResultsMatch(session, calls, results, actual -> assertEquals(List.of("y", "h"),
                names(actual), "the model's output order, as run(Map) gives it"));
        ort.assertBatchValuesClosed();
        assertEquals(2, ort.opened.size(), "one merged input and one batched result");
    }

    @Test
    void eachCallerGetsItsRequestedOutputsInItsOwnOrder() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 2, OnnxTestModels.BATCH));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN_OUTPUTS);
        Set<String> yThenH = new LinkedHashSet<>(List.of("y", "h"));
        Set<String> hThenY = new LinkedHashSet<>(List.of("h", "y"));
        List<Object[]> calls = List.of(
                new Object[] {Map.of("x", ort.floats(2, 4, random)), yThenH},
                new Object[] {Map.of("x", ort.floats(1, 4, random)), hThenY});
        List<Object> results = batch(adapter, session, calls);
        for (int i = 0; i < calls.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) calls.get(i)[0];
            @SuppressWarnings("unchecked")
            Set<String> requested = (Set<String>) calls.get(i)[1];
            try (OrtSession.Result expected = session.run(inputs, requested);
                    OrtSession.Result actual = (OrtSession.Result) results.get(i)) {
                OrtFixture.assertSameResult(expected, actual);
                assertEquals(List.copyOf(requested), names(actual));
            }
        }
        Object[] onlyH = {Map.of("x", ort.floats(1, 4, random)), Set.of("h")};
        assertNotNull(adapter.queueKey(session, onlyH));
        assertNotEquals(adapter.queueKey(session, calls.get(0)), adapter.queueKey(session, onlyH),
                "another subset of outputs is another queue");
        ort.assertBatchValuesClosed();
    }

    private static void assertNotEquals(Object a, Object b, String message) {
        assertFalse(a.equals(b), message);
    }

    @Test
    void theConcatenationOfInputsIsTimedAsStagingAndABatchOfOneStagesNothing() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 3, OnnxTestModels.BATCH));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        Object[] first = {Map.of("x", ort.floats(1, 4, random))};
        Object[] second = {Map.of("x", ort.floats(2, 4, random))};
        BatchFunction function = adapter.function(session, adapter.queueKey(session, first));
        BatchStats stats = new BatchStats(8);
        long[] clock = {0};
        StagingTimer timer = new StagingTimer(() -> clock[0] += 1_000, stats);   // each read is 1 µs later

        for (Object result : function.apply(List.<Object[]>of(first), timer)) {
            ((OrtSession.Result) result).close();
        }
        assertEquals(0, stats.stagingNanos(), "a batch of one runs the caller's own inputs: nothing staged");
        for (Object result : function.apply(List.of(first, second), timer)) {
            ((OrtSession.Result) result).close();
        }
        assertEquals(1_000, stats.stagingNanos(), "one start and one stop around the concatenation");
        ort.assertBatchValuesClosed();
    }

    @Test
    void callersOwnTheirOutputsWhichOutliveTheBatchAndItsBuffers() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 3, OnnxTestModels.BATCH));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        Object[] first = {Map.of("x", ort.floats(1, 4, random))};
        Object[] second = {Map.of("x", ort.floats(2, 4, random))};
        Object key = adapter.queueKey(session, first);
        BatchFunction function = adapter.function(session, key);
        List<Object> results = function.apply(List.of(first, second));
        // Another batch on the same queue reuses the pooled buffers; the first batch's results must not change.
        List<Object> again = function.apply(List.of(new Object[] {Map.of("x", ort.floats(3, 4, random))},
                new Object[] {Map.of("x", ort.floats(1, 4, random))}));
        for (Object other : again) {
            ((OrtSession.Result) other).close();
        }
        @SuppressWarnings("unchecked")
        Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) first[0];
        try (OrtSession.Result expected = session.run(inputs); OrtSession.Result actual = (OrtSession.Result) results.get(0)) {
            OrtFixture.assertSameResult(expected, actual);
            OnnxTensor y = (OnnxTensor) actual.get(0);
            assertTrue(actual.isResultOwner(0), "the caller's Result owns its tensors");
            assertTrue(y.getBufferRef().isPresent() && y.getBufferRef().get().isDirect(), "a direct buffer of its own");
        }
        ((OrtSession.Result) results.get(1)).close();
        OnnxTensor input = inputs.get("x");
        assertFalse(input.isClosed(), "the caller's own input tensors are the caller's to close");
        ort.assertBatchValuesClosed();
    }

    @Test
    void batchesAreStagedInThePoolAndGiveTheirBuffersBack() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 4, OnnxTestModels.BATCH));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        for (int round = 0; round < 3; round++) {
            List<Object[]> calls = List.of(new Object[] {Map.of("x", ort.floats(2, 4, random))},
                    new Object[] {Map.of("x", ort.floats(3, 4, random))});
            List<Object> results = batch(adapter, session, calls);
            OrtFixture.assertResultsMatch(session, calls, results);
        }
        StagingPoolStats stats = ort.staging.stats();
        assertEquals(1, stats.allocations(), "one buffer, allocated by the first batch: " + stats);
        assertEquals(2, stats.reuses(), stats.toString());
        assertEquals(0, stats.inUseBytes(), "given back after each batch: " + stats);
        assertEquals(1, stats.idleBuffers());
        ort.assertBatchValuesClosed();
    }

    /** A full pool, a pool closed by detach, or no pool at all: the batch still runs, in unpooled buffers. */
    @Test
    void withoutRoomInAPoolBatchesRunInUnpooledBuffers() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.add(4));
        StagingBufferPool full = new StagingBufferPool(new DirectHostMemory(), 0);
        StagingBufferPool closed = new StagingBufferPool(new DirectHostMemory(), 1 << 20);
        closed.close();
        for (StagingSource source : List.of(full, closed, StagingSource.UNPOOLED)) {
            BatchAdapter adapter = new OnnxRunAdapters(ort.log, source, ort.opened::add)
                    .adapter(OrtFixture.run(OrtFixture.RUN));
            List<Object[]> calls = new ArrayList<>();
            for (int rows : new int[] {1, 4, 2}) {
                calls.add(new Object[] {Map.of("a", ort.floats(rows, 4, random), "b", ort.floats(rows, 4, random))});
            }
            OrtFixture.assertResultsMatch(session, calls, batch(adapter, session, calls));
        }
        assertEquals(2, full.stats().overflows(), "one per input");
        assertEquals(2, closed.stats().overflows());
        assertEquals(0, full.stats().allocatedBytes());
        ort.assertBatchValuesClosed();
    }


    @Test
    void twoInputsAreMergedTogether() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.add(3));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        List<Object[]> calls = List.of(
                new Object[] {Map.of("a", ort.floats(2, 3, random), "b", ort.floats(2, 3, random))},
                new Object[] {Map.of("b", ort.floats(1, 3, random), "a", ort.floats(1, 3, random))});
        List<Object> results = batch(adapter, session, calls);
        for (int i = 0; i < calls.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) calls.get(i)[0];
            try (OrtSession.Result expected = session.run(inputs); OrtSession.Result actual = (OrtSession.Result) results.get(i)) {
                OrtFixture.assertSameResult(expected, actual);
            }
        }
        ort.assertBatchValuesClosed();
        assertEquals(3, ort.opened.size(), "two merged inputs and one batched result");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT,1", "DOUBLE,11", "INT8,3", "UINT8,2", "INT16,5", "INT32,6", "INT64,7", "BOOL,9", "FLOAT16,10"})
    void everyFixedSizeElementTypeIsCopiedBitForBit(OnnxJavaType type, int onnxType) throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.identity(onnxType, 3));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        List<Object[]> calls = new ArrayList<>();
        for (int rows : new int[] {2, 1, 3}) {
            byte[] bytes = new byte[rows * 3 * type.size];
            random.nextBytes(bytes);
            if (type == OnnxJavaType.BOOL) {
                for (int b = 0; b < bytes.length; b++) {
                    bytes[b] &= 1;
                }
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder()).put(bytes).flip();
            calls.add(new Object[] {Map.of("t", ort.track(OnnxTensor.createTensor(OrtFixture.ENV, buffer,
                    new long[] {rows, 3}, type)))});
        }
        List<Object> results = batch(adapter, session, calls);
        for (int i = 0; i < calls.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) calls.get(i)[0];
            try (OrtSession.Result expected = session.run(inputs); OrtSession.Result actual = (OrtSession.Result) results.get(i)) {
                OrtFixture.assertSameResult(expected, actual);
                assertEquals(inputs.get("t").getByteBuffer(), ((OnnxTensor) actual.get(0)).getByteBuffer());
            }
        }
        ort.assertBatchValuesClosed();
    }

    @Test
    void aBatchOfOneRunsTheCallersOwnInputsAndReturnsOrtsOwnResult() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 4, OnnxTestModels.BATCH));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        Object[] call = {Map.of("x", ort.floats(2, 4, random))};
        List<Object> results = batch(adapter, session, java.util.Collections.singletonList(call));
        @SuppressWarnings("unchecked")
        Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) call[0];
        try (OrtSession.Result expected = session.run(inputs); OrtSession.Result actual = (OrtSession.Result) results.get(0)) {
            OrtFixture.assertSameResult(expected, actual);
        }
        assertEquals(0, ort.opened.size(), "nothing merged");
    }

    @Test
    void aFailingBatchStillClosesWhatItOpenedAndThrowsOrtsException() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.gather(10, 3, 5));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        List<Object[]> calls = List.of(
                new Object[] {Map.of("idx", ort.track(OnnxTensor.createTensor(OrtFixture.ENV, new long[] {1, 2})))},
                new Object[] {Map.of("idx", ort.track(OnnxTensor.createTensor(OrtFixture.ENV, new long[] {42})))});
        assertThrows(OrtException.class, () -> batch(adapter, session, calls));
        ort.assertBatchValuesClosed();
        assertEquals(1, ort.opened.size(), "the merged input; no result");
        assertEquals(0, ort.staging.stats().inUseBytes(), "its staging buffer went back");
    }

    @Test
    void anOutputThatDoesNotSplitByRowsTurnsBatchingOffForTheSession() throws Throwable {
        OrtSession session = ort.session(OnnxTestModels.twoRowsPerRow(3));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        List<Object[]> calls = List.of(new Object[] {Map.of("x", ort.floats(2, 6, random))},
                new Object[] {Map.of("x", ort.floats(1, 6, random))});
        Object key = adapter.queueKey(session, calls.get(0));
        assertNotNull(key, ort.logLines().toString());
        BatchFunction function = adapter.function(session, key);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> function.apply(calls));
        assertTrue(thrown.getMessage().contains("output 'r' of a batch of 3 rows has shape [6, 3]"), thrown.getMessage());
        ort.assertBatchValuesClosed();
        assertNull(adapter.queueKey(session, calls.get(0)), "the session's calls now run unbatched");
        assertNull(adapter.queueKey(session, calls.get(1)));
        assertEquals(1, ort.logged("OrtSession#run runs unbatched (output 'r' of a batch of 3 rows"), ort.logLines().toString());
        // A call alone, as bisection leaves it, still gets exactly what ONNX Runtime gives it.
        @SuppressWarnings("unchecked")
        Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) calls.get(1)[0];
        try (OrtSession.Result expected = session.run(inputs);
                OrtSession.Result actual = (OrtSession.Result) function.apply(
                        java.util.Collections.singletonList(calls.get(1))).get(0)) {
            OrtFixture.assertSameResult(expected, actual);
        }
    }

    private static List<String> names(OrtSession.Result result) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, OnnxValue> entry : result) {
            names.add(entry.getKey());
        }
        return names;
    }

    @Test
    void mergedInputsAreNeverBatchedAgain() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 6, OnnxTestModels.BATCH));
        MergedInputs merged = new MergedInputs(Map.of("x", ort.floats(1, 4, random)));
        for (Class<?>[] overload : List.of(OrtFixture.RUN, OrtFixture.RUN_ALL)) {
            Object[] args = new Object[overload.length];
            args[0] = merged;
            if (overload.length == 4) {
                args[1] = session.getOutputNames();
                args[2] = Map.of();
            }
            assertNull(ort.adapter(overload).queueKey(session, args));
        }
        assertEquals(List.of(), ort.logLines(), "silently");
        assertNotSame(merged, new MergedInputs(merged));
    }
}
