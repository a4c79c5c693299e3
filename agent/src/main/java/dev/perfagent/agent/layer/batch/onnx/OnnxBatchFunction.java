package dev.perfagent.agent.layer.batch.onnx;

import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.StagingTimer;
import dev.perfagent.gpu.StagingBuffer;
import dev.perfagent.gpu.StagingSource;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one batch of {@code OrtSession#run} calls that share a {@link RunKey}: copies each input's rows, call
 * after call, into a staging buffer (from the accelerator's pool: page-locked with CUDA, direct on the CPU),
 * wraps the buffers as tensors without a copy, runs the session once through
 * {@code run(Map, Set, Map, RunOptions)}, and hands each caller a {@code Result} of its own
 * ({@link ResultSplitter}). The merged tensors and the batched {@code Result} are always closed before
 * {@link #apply} returns or throws, and only then are the staging buffers given back: ONNX Runtime reads a
 * direct buffer in place for as long as a tensor over it is open. The callers' input tensors are never touched
 * but read.
 *
 * <p>A batch of one runs the caller's own inputs unchanged (only the map is a marked copy), so a call the
 * batcher isolates by bisection gets exactly the result or the exception it would get without the agent.
 *
 * <p>A function of a replica ({@code batch.executors.replicas}) runs the batches of a host's session on a
 * session perf-agent opened over the same model. Once the host closed its own session, its calls are run on
 * that session, so that each caller gets the exception it would get without the agent.
 *
 * <p>Called by one leader per batch in flight; the staging source lends each its own buffers.
 */
final class OnnxBatchFunction implements BatchFunction {
    /** Weak: the lane holding this function is the value of a weak-keyed map whose key is the session. */
    private final WeakReference<Object> session;
    /** The replica the batches run on, held strongly (perf-agent owns it); null to run on the session itself. */
    private final Object replica;
    private final SessionInfo info;
    private final OnnxReflection ort;
    private final RunKey key;
    private final RunParameters parameters;
    private final BatchValueListener listener;
    private final StagingSource buffers;
    private final Set<String> requested;
    private final ResultSplitter splitter;

    OnnxBatchFunction(Object session, SessionInfo info, RunKey key, RunParameters parameters,
                      StagingSource staging, BatchValueListener listener) {
        this(session, null, info, key, parameters, staging, listener);
    }

    /** @param replica a session over the same model that runs the batches of {@code session}; null for none */
    OnnxBatchFunction(Object session, Object replica, SessionInfo info, RunKey key, RunParameters parameters,
                      StagingSource staging, BatchValueListener listener) {
        this.session = new WeakReference<>(session);
        this.replica = replica;
        this.info = info;
        this.ort = info.ort();
        this.key = key;
        this.parameters = parameters;
        this.listener = listener;
        this.buffers = staging;
        this.requested = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(key.outputs())));
        this.splitter = new ResultSplitter(ort, info);
    }

    @Override
    public List<Object> apply(List<Object[]> calls) throws Throwable {
        return apply(calls, StagingTimer.NONE);
    }

    /** As {@link #apply(List)}; the concatenation of the inputs into the staging buffers is timed as staging. */
    @Override
    public List<Object> apply(List<Object[]> calls, StagingTimer staging) throws Throwable {
        Object target = session.get();
        if (target == null) {
            throw new IllegalStateException("the OrtSession was collected while its calls waited");
        }
        if (replica != null && !ort.isSessionClosed(target)) {
            target = replica;
        }
        if (calls.size() == 1) {
            return Collections.singletonList(runAlone(target, calls.get(0)));
        }
        int[] rows = new int[calls.size()];
        long total = 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Math.toIntExact(ort.shape(ort.info(input(calls.get(i), 0)))[0]);
            total += rows[i];
        }
        StagingBuffer[] lent = new StagingBuffer[key.inputCount()];
        List<Object> opened = new ArrayList<>(key.inputCount());
        try {
            long started = staging.start();
            MergedInputs merged = new MergedInputs(key.inputCount());
            for (int j = 0; j < key.inputCount(); j++) {
                Object tensor = ort.createTensor(concatenate(j, calls, rows, total, lent), key.shape(j, total),
                        key.type(j));
                opened.add(tensor);
                listener.opened(tensor);
                merged.put(key.input(j), tensor);
            }
            staging.stop(started);
            Object result = ort.run(target, merged, requested, Collections.emptyMap(), null);
            listener.opened(result);
            try (AutoCloseable batched = (AutoCloseable) result) {
                return splitter.split(batched, rows, total, outputOrders(calls));
            }
        } finally {
            for (Object tensor : opened) {
                closeQuietly(tensor);
            }
            // Only now: ONNX Runtime read the buffers in place until the tensors over them were closed.
            for (StagingBuffer buffer : lent) {
                if (buffer != null) {
                    buffer.close();
                }
            }
        }
    }

    /** The caller's own run, as it would run without the agent; the marked map keeps it from batching again. */
    private Object runAlone(Object target, Object[] args) throws Throwable {
        Object outputs = parameters.outputsOf(args);
        return ort.run(target, new MergedInputs((Map<?, ?>) parameters.inputsOf(args)),
                outputs == null ? info.outputNames() : (Set<?>) outputs, Collections.emptyMap(), null);
    }

    private Object input(Object[] args, int j) {
        return ((Map<?, ?>) parameters.inputsOf(args)).get(key.input(j));
    }

    /**
     * Input {@code j} of every call, row after row, in a staging buffer ready to read; the buffer goes into
     * {@code staged[j]} as soon as it is lent, so the caller gives it back whatever happens next.
     */
    private ByteBuffer concatenate(int j, List<Object[]> calls, int[] rows, long total, StagingBuffer[] staged)
            throws Throwable {
        int rowBytes = key.rowBytes(j);
        long size = total * rowBytes;
        if (size > StagingBuffer.MAX_BYTES) {
            throw new IllegalArgumentException("a merged input of " + size + " bytes is more than one buffer holds");
        }
        staged[j] = buffers.acquire((int) size);
        ByteBuffer merged = staged[j].buffer();
        for (int i = 0; i < rows.length; i++) {
            ByteBuffer source = ort.data(input(calls.get(i), j));
            long bytes = (long) rows[i] * rowBytes;
            if (source.remaining() != bytes) {
                throw new IllegalStateException("input '" + key.input(j) + "' of a call holds " + source.remaining()
                        + " bytes, expected " + bytes);
            }
            merged.put(source);
        }
        return merged.flip();
    }

    /** For each call, the output names in the order its own {@code Result} would list them. */
    private List<List<String>> outputOrders(List<Object[]> calls) {
        List<List<String>> orders = new ArrayList<>(calls.size());
        for (Object[] args : calls) {
            Object outputs = parameters.outputsOf(args);
            if (outputs == null) {
                orders.add(info.outputOrder());
            } else {
                List<String> order = new ArrayList<>(((Set<?>) outputs).size());
                for (Object name : (Set<?>) outputs) {
                    order.add((String) name);
                }
                orders.add(order);
            }
        }
        return orders;
    }

    static void closeQuietly(Object value) {
        try {
            ((AutoCloseable) value).close();
        } catch (Exception e) {
            // ONNX Runtime's close() throws nothing checked; nothing more to do for a value that will not close.
        }
    }
}
