package dev.perfagent.agent.layer.batch;

/**
 * Copies of one receiver that run its batches beside it: {@code batch.executors.replicas} for an adapter whose
 * receivers cannot stand in for one another but can be cloned ({@link BatchAdapter#copy}; ONNX Runtime sessions
 * over the same model). The batch layer that asked for them owns them and closes them.
 *
 * <p>Must not hold the receiver strongly: the layer keeps them in a map whose weak key is the receiver.
 */
public interface ReceiverCopies {

    /** How many copies there are. */
    int count();

    /**
     * The function that runs a queue's batches on copy {@code index} (from 0).
     *
     * @param key what {@link BatchAdapter#queueKey} returned for the call that opened the queue
     */
    BatchFunction function(int index, Object key) throws ReflectiveOperationException;

    /** Releases the copies; batches no longer run on them. Idempotent; never throws. */
    void close();
}
