package dev.perfagent.agent.layer.batch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchAdapters;
import dev.perfagent.agent.layer.batch.BatchFormException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which calls share a queue, which run unbatched, and what the log says about them. */
class OnnxRunAdapterTest {
    private final OrtFixture ort = new OrtFixture();
    private final SplittableRandom random = new SplittableRandom(11);

    @AfterEach
    void close() throws Exception {
        ort.close();
    }

    @Test
    void everyRunOverloadGetsTheAdapterWithoutVia() throws Exception {
        BatchAdapters adapters = new BatchAdapters(ort.log, ort.staging);
        TypeDescription session = TypeDescription.ForLoadedType.of(OrtSession.class);
        net.bytebuddy.description.method.MethodList<MethodDescription.InDefinedShape> runs = session.getDeclaredMethods()
                .filter(ElementMatchers.named("run").and(ElementMatchers.isPublic()));
        assertEquals(7, runs.size(), "ONNX Runtime 1.22's run overloads");
        for (MethodDescription run : runs) {
            BatchAdapter adapter = adapters.find(session, run, Optional.empty(), null);
            assertInstanceOf(OnnxRunAdapter.class, adapter, run.toString());
            assertTrue(adapter.via().startsWith("onnxruntime"), adapter.via());
        }
        MethodDescription close = session.getDeclaredMethods().filter(ElementMatchers.named("close")).getOnly();
        BatchFormException thrown = assertThrows(BatchFormException.class,
                () -> adapters.find(session, close, Optional.empty(), null));
        assertTrue(thrown.getMessage().startsWith("'via' is required"), thrown.getMessage());
    }

    @Test
    void callsOfTheSameShapeShareAQueueAndOthersDoNot() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 1, OnnxTestModels.BATCH));
        BatchAdapter run = ort.adapter(OrtFixture.RUN);
        BatchAdapter runOutputs = ort.adapter(OrtFixture.RUN_OUTPUTS);
        OnnxTensor one = ort.floats(1, 4, random);
        OnnxTensor three = ort.floats(3, 4, random);
        Object key = run.queueKey(session, new Object[] {Map.of("x", one)});
        assertNotNull(key);
        assertEquals(key, run.queueKey(session, new Object[] {new HashMap<>(Map.of("x", three))}),
                "any number of rows, any map");
        assertEquals(key, runOutputs.queueKey(session, new Object[] {Map.of("x", one), Set.of("h", "y")}),
                "all outputs, named");
        assertNotEquals(key, runOutputs.queueKey(session, new Object[] {Map.of("x", one), Set.of("y")}));
        OrtSession wide = ort.session(OnnxTestModels.mlp(5, 8, 3, 1, OnnxTestModels.BATCH));
        assertNotEquals(key, run.queueKey(wide, new Object[] {Map.of("x", ort.floats(1, 5, random))}),
                "another trailing shape");
        assertEquals(List.of(), ort.logLines());
    }

    @Test
    void runOptionsAndPinnedOutputsRunUnbatchedAndAreLoggedOnce() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 1, OnnxTestModels.BATCH));
        Map<String, OnnxTensor> inputs = Map.of("x", ort.floats(1, 4, random));
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            for (int i = 0; i < 3; i++) {
                assertNull(ort.adapter(OrtFixture.RUN_OPTIONS).queueKey(session, new Object[] {inputs, options}));
                assertNull(ort.adapter(OrtFixture.RUN_ALL).queueKey(session,
                        new Object[] {inputs, session.getOutputNames(), Map.of(), options}));
            }
            assertNotNull(ort.adapter(OrtFixture.RUN_OPTIONS).queueKey(session, new Object[] {inputs, null}),
                    "no options given");
        }
        OnnxTensor pinned = ort.floats(1, 3, random);
        assertNull(ort.adapter(OrtFixture.RUN_PINNED).queueKey(session, new Object[] {inputs, Map.of("y", pinned)}));
        assertNull(ort.adapter(OrtFixture.RUN_PINNED).queueKey(session, new Object[] {inputs, Map.of("y", pinned)}));
        assertNotNull(ort.adapter(OrtFixture.RUN_PINNED).queueKey(session, new Object[] {inputs, Map.of()}));
        assertEquals(1, ort.logged("OrtSession#run runs unbatched (RunOptions given)"), ort.logLines().toString());
        assertEquals(1, ort.logged("OrtSession#run runs unbatched (pinned outputs given)"), ort.logLines().toString());
        assertEquals(2, ort.logLines().size(), ort.logLines().toString());
    }

    @Test
    void aModelWithAFixedBatchDimensionRunsUnbatched() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 1, 1));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        for (int i = 0; i < 3; i++) {
            assertNull(adapter.queueKey(session, new Object[] {Map.of("x", ort.floats(1, 4, random))}));
        }
        assertEquals(List.of("OrtSession#run runs unbatched (input 'x' of the model has a fixed dimension 0 (shape [1, 4]))"),
                messages());
    }

    @Test
    void stringTensorsRunUnbatched() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.identity(OnnxTestModels.STRING, 2));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        for (int i = 0; i < 2; i++) {
            OnnxTensor strings = ort.track(OnnxTensor.createTensor(OrtFixture.ENV, new String[] {"a", "b"}, new long[] {1, 2}));
            assertNull(adapter.queueKey(session, new Object[] {Map.of("t", strings)}));
        }
        assertEquals(List.of("OrtSession#run runs unbatched (input 't' has element type STRING)"), messages());
    }

    @Test
    void inputsWithDifferentRowCountsInOneCallRunUnbatched() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.add(3));
        BatchAdapter adapter = ort.adapter(OrtFixture.RUN);
        Map<String, OnnxTensor> inputs = Map.of("a", ort.floats(1, 3, random), "b", ort.floats(2, 3, random));
        assertNull(adapter.queueKey(session, new Object[] {inputs}));
        assertEquals(List.of("OrtSession#run runs unbatched (the inputs differ in their number of rows)"), messages());
    }

    @Test
    void callsOnnxRuntimeWillRejectRunUnbatchedSilentlyToGetItsOwnError() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 1, OnnxTestModels.BATCH));
        BatchAdapter run = ort.adapter(OrtFixture.RUN);
        BatchAdapter runOutputs = ort.adapter(OrtFixture.RUN_OUTPUTS);
        OnnxTensor x = ort.floats(1, 4, random);
        assertNull(run.queueKey(session, new Object[] {Map.of("nope", x)}), "unknown input");
        assertNull(run.queueKey(session, new Object[] {Map.of()}), "no inputs");
        assertNull(runOutputs.queueKey(session, new Object[] {Map.of("x", x), Set.of("nope")}), "unknown output");
        assertNull(runOutputs.queueKey(session, new Object[] {Map.of("x", x), Set.of()}), "no outputs");
        assertNull(runOutputs.queueKey(session, new Object[] {Map.of("x", x), null}), "null outputs");
        OnnxTensor closed = ort.floats(1, 4, random);
        closed.close();
        assertNull(run.queueKey(session, new Object[] {Map.of("x", closed)}), "closed input");
        assertNull(run.queueKey(null, new Object[] {Map.of("x", x)}), "no receiver");
        assertEquals(List.of(), ort.logLines());
    }

    @Test
    void aClosedSessionRunsUnbatched() throws Exception {
        OrtSession session = ort.session(OnnxTestModels.mlp(4, 8, 3, 1, OnnxTestModels.BATCH));
        session.close();
        assertNull(ort.adapter(OrtFixture.RUN).queueKey(session, new Object[] {Map.of("x", ort.floats(1, 4, random))}));
    }

    /** The log's messages, without the prefix and time stamp. */
    private List<String> messages() {
        return ort.logLines().stream().map(line -> line.replaceFirst("^\\[perf-agent\\] \\S+ INFO ", "")).toList();
    }
}
