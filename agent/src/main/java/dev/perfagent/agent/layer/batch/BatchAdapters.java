package dev.perfagent.agent.layer.batch;

import dev.perfagent.agent.layer.batch.djl.DjlPredictAdapter;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.Optional;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Chooses, when a class is woven, how the calls of a batched method merge: through the declared batch
 * form ({@code via}), or through the adapter of a library perf-agent knows.
 */
public final class BatchAdapters {
    private BatchAdapters() {
    }

    /**
     * @param via the rule's {@code batch.via}, if it has one
     * @throws BatchFormException when neither fits, saying why
     */
    public static BatchAdapter find(TypeDescription type, MethodDescription method, Optional<MethodPattern> via,
                                    ClassLoader loader, AgentLog log) throws BatchFormException {
        if (via.isPresent()) {
            return BatchForm.find(type, method, via.get(), loader).adapter();
        }
        if (isA(type, DjlPredictAdapter.PREDICTOR) && method.getName().equals("predict")
                && method.getParameters().size() == 1) {
            return new DjlPredictAdapter(log);
        }
        throw new BatchFormException("'via' is required: perf-agent has built-in batching only for ai.djl.inference.Predictor#predict and ai.onnxruntime.OrtSession#run, not " + type.getName()
                + "#" + method.getName() + "; name the batch form, e.g. via: \"" + type.getName() + "#"
                + method.getName() + "Batch(...)\"");
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
