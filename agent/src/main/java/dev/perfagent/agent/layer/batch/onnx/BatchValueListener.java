package dev.perfagent.agent.layer.batch.onnx;

/**
 * Told of every ONNX Runtime value a batch opens for itself (the merged input tensors and the batched
 * {@code Result}), each of which the batch closes before it returns or throws. Tests listen to check that.
 */
@FunctionalInterface
interface BatchValueListener {
    BatchValueListener NONE = value -> { };

    void opened(Object value);
}
