package dev.perfagent.agent.layer.batch.onnx;

import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.ReceiverCopies;
import dev.perfagent.gpu.StagingSource;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sessions perf-agent opened over the model of one host session, to run its batches beside it
 * ({@code batch.executors.replicas}). The host's own session is never among them and never closed here.
 *
 * <h2>Threads</h2>
 * Each replica runs with {@code max(1, cores / replicas)} intra-op threads, {@code replicas} counting the host's
 * session: N sessions each running a batch at once then use about as many threads as there are cores, where
 * ONNX Runtime's default (one thread per core for every session) would run N times as many on a box that has
 * no more cores for them (on 2 cores, 2 replicas get 1 thread each). The host's own session keeps the threads
 * it was given, which perf-agent can neither read nor change; give it the same share for an even split. The
 * other settings of the host's {@code SessionOptions} cannot be read back but for its config entries, which the
 * replicas get: they run on the CPU with ONNX Runtime's default optimization level.
 *
 * <p>Thread-safe: replicas are opened before the object is shared, and {@link #close} runs once.
 */
final class SessionReplicas implements ReceiverCopies {
    private final WeakReference<Object> session;
    private final SessionInfo info;
    private final RunParameters parameters;
    private final StagingSource staging;
    private final BatchValueListener listener;
    private final List<Object> replicas;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SessionReplicas(Object session, SessionInfo info, RunParameters parameters, StagingSource staging,
                            BatchValueListener listener,
                            List<Object> replicas) {
        this.session = new WeakReference<>(session);
        this.info = info;
        this.parameters = parameters;
        this.staging = staging;
        this.listener = listener;
        this.replicas = List.copyOf(replicas);
    }

    /**
     * Opens {@code count} sessions over {@code source}, for {@code count + 1} executors in all.
     *
     * @throws Throwable what ONNX Runtime throws opening one; those already opened are closed
     */
    static SessionReplicas open(Object session, SessionInfo info, ModelSource source, int count,
                                RunParameters parameters, StagingSource staging, BatchValueListener listener)
            throws Throwable {
        OnnxReflection ort = info.ort();
        int threads = intraOpThreads(count + 1, Runtime.getRuntime().availableProcessors());
        List<Object> opened = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                opened.add(ort.createSession(source.model(), threads, source.configEntries()));
            }
        } catch (Throwable t) {
            for (Object replica : opened) {
                closeQuietly(ort, replica);
            }
            throw t;
        }
        return new SessionReplicas(session, info, parameters, staging, listener, opened);
    }

    /** Intra-op threads of each replica: the cores shared out among {@code executors} sessions, at least 1. */
    static int intraOpThreads(int executors, int cores) {
        return Math.max(1, cores / executors);
    }

    @Override
    public int count() {
        return replicas.size();
    }

    @Override
    public BatchFunction function(int index, Object key) throws ReflectiveOperationException {
        Object host = session.get();
        if (host == null) {
            throw new ReflectiveOperationException("the OrtSession was collected");
        }
        return new OnnxBatchFunction(host, replicas.get(index), info, (RunKey) key, parameters, staging, listener);
    }

    /** The replica sessions, for tests. */
    List<Object> sessions() {
        return replicas;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Object replica : replicas) {
                closeQuietly(info.ort(), replica);
            }
        }
    }

    private static void closeQuietly(OnnxReflection ort, Object replica) {
        try {
            ort.closeSession(replica);
        } catch (Throwable t) {
            // Closing twice or a native fault: nothing more to do for a session that will not close.
        }
    }
}
