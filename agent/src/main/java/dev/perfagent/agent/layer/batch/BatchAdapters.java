package dev.perfagent.agent.layer.batch;

import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.Optional;
import net.bytebuddy.description.method.MethodDescription;
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
                                    ClassLoader loader) throws BatchFormException {
        if (via.isPresent()) {
            return BatchForm.find(type, method, via.get(), loader).adapter();
        }
        throw new BatchFormException("'via' is required: perf-agent has no built-in batching for " + type.getName()
                + "#" + method.getName() + "; name the batch form, e.g. via: \"" + type.getName() + "#"
                + method.getName() + "Batch(...)\"");
    }
}
