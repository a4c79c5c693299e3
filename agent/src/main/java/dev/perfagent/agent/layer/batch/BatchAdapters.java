package dev.perfagent.agent.layer.batch;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.batch.djl.DjlPredictAdapter;
import dev.perfagent.agent.layer.batch.onnx.OnnxRunAdapters;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.gpu.StagingSource;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.Optional;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Chooses, when a class is woven, how the calls of a batched method merge: through the declared batch
 * form ({@code via}), or through the adapter of a library perf-agent knows (ONNX Runtime's
 * {@code OrtSession#run}, DJL's {@code Predictor#predict}). One instance per agent start: the library adapters it hands out share what they
 * learn and log. Thread-safe.
 */
public final class BatchAdapters {
    private final OnnxRunAdapters onnx;
    private final DjlPredictAdapter djl;

    /**
     * @param log where library adapters say, once per reason, why some calls run unbatched
     * @param staging lends the host buffers library adapters merge their batches in
     */
    public BatchAdapters(AgentLog log, StagingSource staging) {
        this.onnx = new OnnxRunAdapters(log, staging);
        this.djl = new DjlPredictAdapter(log);
    }

    /**
     * @param via the rule's {@code batch.via}, if it has one; it wins over a library adapter
     * @throws BatchFormException when neither fits, saying why
     */
    public BatchAdapter find(TypeDescription type, MethodDescription method, Optional<MethodPattern> via,
                             ClassLoader loader) throws BatchFormException {
        if (via.isPresent()) {
            return BatchForm.find(type, method, via.get(), loader).adapter();
        }
        if (OnnxRunAdapters.handles(type, method)) {
            return onnx.adapter(method);
        }
        if (isA(type, DjlPredictAdapter.PREDICTOR) && method.getName().equals("predict")
                && method.getParameters().size() == 1) {
            return djl;
        }
        throw new BatchFormException("'via' is required: perf-agent batches " + type.getName() + "#"
                + method.getName() + " only through a declared batch form (built in: ai.onnxruntime.OrtSession#run,"
                + " ai.djl.inference.Predictor#predict); name it, e.g. via: \"" + type.getName() + "#"
                + "#" + method.getName() + "; name the batch form, e.g. via: \"" + type.getName() + "#"
                + method.getName() + "Batch(...)\"");
    }

    /**
     * The layer that watches {@code method} for the library adapters, when it is one they need to see called:
     * ONNX Runtime's {@code OrtEnvironment#createSession}, whose models {@code batch.executors.replicas} loads
     * again. Null for any other method.
     */
    public CallLayer watcher(TypeDescription type, MethodDescription method) {
        return OnnxRunAdapters.createsSession(type, method) ? onnx.modelCapture() : null;
    }

    /** Whether {@code type} is {@code className} or extends it. */
    private static boolean isA(TypeDescription type, String className) {
        for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
            if (t.asErasure().getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
