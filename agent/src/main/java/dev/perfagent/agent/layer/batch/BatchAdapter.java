package dev.perfagent.agent.layer.batch;

/**
 * How the calls of one batched method are grouped into queues and merged into batch calls. A declared
 * pair ({@code batch.via}) is one adapter; a library the agent knows (ONNX Runtime's
 * {@code OrtSession#run}) is another, which needs no {@code via}.
 *
 * <p>Queues are kept per receiver (held weakly, compared by identity) and, within a receiver, per
 * {@link #queueKey}: calls only merge when their key is equal. Called on application threads,
 * concurrently; implementations are thread-safe.
 */
public interface BatchAdapter {

    /**
     * The queue this call joins within its receiver's queues, compared with {@code equals}; or null when
     * this call cannot be batched (options the merged call cannot honour, an unsupported type): it then
     * runs unbatched, and the adapter says so once in the log.
     *
     * @param self the receiver, null for a static method
     * @param args the call's arguments
     */
    Object queueKey(Object self, Object[] args);

    /**
     * The function that runs batches for a new queue.
     *
     * @param self the receiver, null for a static method; hold it weakly (the queue is the value of a
     *             weak-keyed map whose key is the receiver)
     * @param key  what {@link #queueKey} returned for the call that opened the queue
     * @throws ReflectiveOperationException when the batch form cannot be reached: batching is then turned
     *             off for the site
     */
    BatchFunction function(Object self, Object key) throws ReflectiveOperationException;

    /**
     * Whether the receivers of this adapter's calls may serve as interchangeable replicas
     * ({@code batch.executors.replicas}): a batch of calls made on one receiver may then run on another.
     * False unless the adapter knows that every receiver of the matched method computes the same function.
     */
    default boolean replicable() {
        return false;
    }

    /**
     * Whether the adapter can clone a receiver ({@link #copy}): {@code batch.executors.replicas} then runs each
     * receiver's batches on it and on copies of it. False unless the adapter knows how (ONNX Runtime sessions).
     */
    default boolean copiesReceivers() {
        return false;
    }

    /**
     * Makes {@code count} copies of {@code self} to run its batches on beside it; called once per receiver, by the
     * first call of it the layer meets (other calls of the same receiver wait for the copies, once).
     *
     * @throws IllegalStateException why the receiver cannot be copied (its message goes to the log as is); its
     *             batches then run on it alone
     * @throws Exception             what the library throws making a copy
     */
    default ReceiverCopies copy(Object self, int count) throws Exception {
        throw new IllegalStateException(via() + " cannot copy its receivers");
    }

    /** What the calls are merged into, for {@code /status} and metrics: a method or an adapter's name. */
    String via();
}
