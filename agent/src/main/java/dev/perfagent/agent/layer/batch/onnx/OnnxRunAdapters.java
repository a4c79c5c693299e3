package dev.perfagent.agent.layer.batch.onnx;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchFormException;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.gpu.StagingSource;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * perf-agent's built-in batching of ONNX Runtime's {@code OrtSession#run}: a rule on it needs no {@code via}.
 * One instance per agent start, shared by the adapters of every {@code run} overload a rule matches, so that
 * they share what they learnt about sessions and say each reason for running a call unbatched once, and
 * assemble their batches in buffers from one {@link StagingSource}.
 *
 * <p>The adapter sits in perf-agent's own class loader, which cannot see ONNX Runtime; see
 * {@link OnnxReflection}. Thread-safe.
 */
public final class OnnxRunAdapters {
    /** The class whose {@code run} overloads are batched. */
    public static final String SESSION = "ai.onnxruntime.OrtSession";
    /** The class whose {@code createSession} overloads {@link #modelCapture()} watches. */
    public static final String ENVIRONMENT = "ai.onnxruntime.OrtEnvironment";

    private final OnnxSessions sessions = new OnnxSessions();
    private final PassThroughLog log;
    private final StagingSource staging;
    private final BatchValueListener listener;
    private final ModelCaptureLayer capture = new ModelCaptureLayer(sessions);

    /**
     * @param log where the reasons for running calls unbatched go, once each
     * @param staging lends the buffers batches are merged in (the accelerator's staging pool)
     */
    public OnnxRunAdapters(AgentLog log, StagingSource staging) {
        this(log, staging, BatchValueListener.NONE);
    }

    OnnxRunAdapters(AgentLog log, StagingSource staging, BatchValueListener listener) {
        this.log = new PassThroughLog(log);
        this.staging = staging;
        this.listener = listener;
    }

    /** Whether {@code method} is one of {@code OrtSession}'s {@code run} overloads. */
    public static boolean handles(TypeDescription type, MethodDescription method) {
        return type.getName().equals(SESSION) && method.getName().equals("run") && !method.isStatic()
                && method.isPublic();
    }

    /**
     * Whether {@code method} is one of {@code OrtEnvironment}'s public {@code createSession} overloads that open
     * a session from a model: {@code (String|byte[]|ByteBuffer[, SessionOptions])}.
     */
    public static boolean createsSession(TypeDescription type, MethodDescription method) {
        if (!type.getName().equals(ENVIRONMENT) || !method.getName().equals("createSession") || method.isStatic()
                || !method.isPublic() || method.getParameters().isEmpty() || method.getParameters().size() > 2) {
            return false;
        }
        String model = method.getParameters().get(0).getType().asErasure().getName();
        return (model.equals("java.lang.String") || model.equals("[B") || model.equals("java.nio.ByteBuffer"))
                && (method.getParameters().size() == 1 || method.getParameters().get(1).getType().asErasure()
                        .getName().equals(OnnxReflection.SESSION_OPTIONS));
    }

    /**
     * The layer to stack on a {@link #createsSession} method: it remembers each session's model, from which the
     * adapters of this instance open replicas.
     */
    public CallLayer modelCapture() {
        return capture;
    }

    /**
     * The adapter of one {@code run} overload.
     *
     * @throws BatchFormException when the overload is not one of those ONNX Runtime 1.22 has
     */
    public BatchAdapter adapter(MethodDescription method) throws BatchFormException {
        return new OnnxRunAdapter(RunParameters.of(method), sessions, log, staging, listener);
    }
}
