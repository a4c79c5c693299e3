package dev.perfagent.agent.layer.batch.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.gpu.DirectHostMemory;
import dev.perfagent.gpu.StagingBufferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * What the adapter's tests share: ONNX Runtime's environment, sessions over {@link OnnxTestModels}, the
 * adapter of each {@code run} overload (looked up as the weaver would), a log in a file, the staging pool the
 * adapters merge batches in (direct memory, as on the CPU), and a record of the values batches open, to check
 * that each is closed.
 */
final class OrtFixture {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** {@code run(Map)}. */
    static final Class<?>[] RUN = {Map.class};
    /** {@code run(Map, Set)}. */
    static final Class<?>[] RUN_OUTPUTS = {Map.class, java.util.Set.class};
    /** {@code run(Map, RunOptions)}. */
    static final Class<?>[] RUN_OPTIONS = {Map.class, OrtSession.RunOptions.class};
    /** {@code run(Map, Map)}: pinned outputs. */
    static final Class<?>[] RUN_PINNED = {Map.class, Map.class};
    /** {@code run(Map, Set, Map, RunOptions)}: the overload every other one calls. */
    static final Class<?>[] RUN_ALL = {Map.class, java.util.Set.class, Map.class, OrtSession.RunOptions.class};

    final Path logFile;
    final AgentLog log;
    final ConcurrentLinkedQueue<Object> opened = new ConcurrentLinkedQueue<>();
    /** 64 MiB of direct buffers, the CPU accelerator's staging memory. */
    final StagingBufferPool staging = new StagingBufferPool(new DirectHostMemory(), 64L << 20);
    final OnnxRunAdapters adapters;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    OrtFixture() {
        try {
            logFile = Files.createTempFile("perf-agent-onnx", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log = AgentLog.toFile(AgentLog.Level.INFO, logFile);
        adapters = new OnnxRunAdapters(log, staging, opened::add);
    }

    /** A session over {@code model} with one intra-op thread, closed with the fixture. */
    OrtSession session(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            OrtSession session = ENV.createSession(model, options);
            closeables.add(session);
            return session;
        }
    }

    /**
     * A session over {@code model} with one intra-op thread and a config entry, created as the host would while
     * perf-agent watches {@code OrtEnvironment#createSession}: its model is captured for replicas.
     */
    OrtSession capturedSession(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.addConfigEntry("session.use_deterministic_compute", "1");
            OrtSession session = ENV.createSession(model, options);
            closeables.add(session);
            dev.perfagent.agent.layer.LayeredCall call = dev.perfagent.agent.layer.LayeredCall.of(ENV,
                    new Object[] {model, options}, 0);
            adapters.modelCapture().exit(call, session, null);
            return session;
        }
    }

    /** Whether {@code session} was closed (ONNX Runtime has no public accessor). */
    static boolean isClosed(OrtSession session) throws ReflectiveOperationException {
        Field closed = OrtSession.class.getDeclaredField("closed");
        closed.setAccessible(true);
        return closed.getBoolean(session);
    }

    /** The adapter of the {@code run} overload with these parameter types, as the weaver would choose it. */
    BatchAdapter adapter(Class<?>... parameters) throws Exception {
        return adapters.adapter(run(parameters));
    }

    static MethodDescription run(Class<?>... parameters) {
        return TypeDescription.ForLoadedType.of(OrtSession.class).getDeclaredMethods()
                .filter(ElementMatchers.named("run").and(ElementMatchers.takesArguments(parameters))).getOnly();
    }

    /** A {@code float[rows, width]} tensor of values in [-1, 1), closed with the fixture. */
    OnnxTensor floats(int rows, int width, SplittableRandom random) throws OrtException {
        float[] values = new float[rows * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return track(OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), new long[] {rows, width}));
    }

    <T extends AutoCloseable> T track(T closeable) {
        synchronized (closeables) {
            closeables.add(closeable);
        }
        return closeable;
    }

    /** The lines written to the log so far. */
    List<String> logLines() {
        try {
            return Files.readAllLines(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many log lines contain {@code text}. */
    long logged(String text) {
        return logLines().stream().filter(line -> line.contains(text)).count();
    }

    /** Every value a batch opened is closed by now. */
    void assertBatchValuesClosed() throws Exception {
        for (Object value : opened) {
            if (value instanceof OnnxValue) {
                assertTrue(((OnnxValue) value).isClosed(), "merged tensor left open: " + value);
            } else {
                assertTrue(isClosed((OrtSession.Result) value), "batched Result left open");
            }
        }
    }

    static boolean isClosed(OrtSession.Result result) throws ReflectiveOperationException {
        Field closed = OrtSession.Result.class.getDeclaredField("closed");
        closed.setAccessible(true);
        return closed.getBoolean(result);
    }

    /** {@code actual} holds {@code expected}'s outputs, same names in the same order, values within 1e-5. */
    static void assertSameResult(OrtSession.Result expected, OrtSession.Result actual) throws OrtException {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            OnnxTensor want = (OnnxTensor) expected.get(k);
            OnnxTensor got = (OnnxTensor) actual.get(k);
            assertEquals(name(expected, k), name(actual, k), "output " + k);
            assertArrayEquals(want.getInfo().getShape(), got.getInfo().getShape(), "shape of " + name(expected, k));
            assertEquals(want.getInfo().type, got.getInfo().type);
            if (want.getInfo().type == ai.onnxruntime.OnnxJavaType.FLOAT) {
                assertArrayEquals(want.getFloatBuffer().array(), got.getFloatBuffer().array(), 1e-5f,
                        "values of " + name(expected, k));
            } else {
                assertEquals(want.getByteBuffer(), got.getByteBuffer(), "bytes of " + name(expected, k));
            }
        }
    }

    /** A further check of one batched result, made before it is closed. */
    interface ResultCheck {
        void check(OrtSession.Result actual) throws OrtException;
    }

    /** Each of {@code results} (closed here) equals the unbatched run of its call's inputs. */
    static void assertResultsMatch(OrtSession session, List<Object[]> calls, List<Object> results)
            throws OrtException {
        assertResultsMatch(session, calls, results, actual -> { });
    }

    /** As above, and {@code also} holds for each result. */
    static void assertResultsMatch(OrtSession session, List<Object[]> calls, List<Object> results, ResultCheck also)
            throws OrtException {
        assertEquals(calls.size(), results.size());
        for (int i = 0; i < calls.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, OnnxTensor> inputs = (Map<String, OnnxTensor>) calls.get(i)[0];
            try (OrtSession.Result expected = session.run(inputs);
                    OrtSession.Result actual = (OrtSession.Result) results.get(i)) {
                assertSameResult(expected, actual);
                also.check(actual);
            }
        }
    }

    /** What the woven method does: the layer's outcome, or the original method when the layer declines. */
    static Object wovenCall(BatchLayer layer, OrtSession session, Object[] args, Callable<Object> original)
            throws Throwable {
        Outcome outcome = layer.call(session, args);
        if (outcome == null) {
            return original.call();
        }
        if (outcome.thrown() != null) {
            throw outcome.thrown();
        }
        return outcome.value();
    }

    /** Runs {@code task} on {@code threads} threads of {@code pool} at once; returns what each returned, in order. */
    static <T> List<T> onAllThreads(ExecutorService pool, int threads, Callable<T> task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    /** {@code count} values drawn from [-1, 1). */
    static float[] randomFloats(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    private static String name(OrtSession.Result result, int index) {
        int i = 0;
        for (Map.Entry<String, OnnxValue> entry : result) {
            if (i++ == index) {
                return entry.getKey();
            }
        }
        throw new AssertionError("no output " + index);
    }

    /** Closes the sessions and tensors the fixture made, the staging pool and the log. */
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable closeable = closeables.get(i);
            if (closeable instanceof OnnxValue && ((OnnxValue) closeable).isClosed()) {
                continue;
            }
            try {
                closeable.close();
            } catch (IllegalStateException alreadyClosed) {
                // a session a test closed itself
            }
        }
        staging.close();
        log.close();
        Files.deleteIfExists(logFile);
    }
}
