package dev.perfagent.agent.layer.batch.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The direct buffers one queue concatenates its inputs into, reused from batch to batch: one set of buffers
 * per batch in flight (the batcher's {@code workers}), one buffer per input in a set. A buffer grows, to the
 * next power of two, when a batch needs more; it is never shrunk, so it ends up holding the largest batch
 * seen, at most {@code max-size} calls' rows.
 *
 * <p>ONNX Runtime reads a tensor made from a direct buffer in place, so a set must not be touched from
 * {@link #acquire} until the tensors made from it are closed, after which it is {@link #release}d.
 * Thread-safe.
 */
final class DirectBufferPool {
    private static final int MIN_BYTES = 4096;

    private final ConcurrentLinkedQueue<ByteBuffer[]> free = new ConcurrentLinkedQueue<>();
    private final int inputs;

    /** @param inputs buffers per set: the queue's number of inputs */
    DirectBufferPool(int inputs) {
        this.inputs = inputs;
    }

    /** A set of buffers for one batch, owned by the caller until {@link #release}. */
    ByteBuffer[] acquire() {
        ByteBuffer[] set = free.poll();
        return set != null ? set : new ByteBuffer[inputs];
    }

    /**
     * Buffer {@code input} of {@code set}, grown if needed, cleared, with its limit at {@code bytes}.
     *
     * @throws IllegalArgumentException when {@code bytes} exceeds what one buffer can hold
     */
    static ByteBuffer buffer(ByteBuffer[] set, int input, long bytes) {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a merged input of " + bytes + " bytes is more than one buffer holds");
        }
        ByteBuffer buffer = set[input];
        if (buffer == null || buffer.capacity() < bytes) {
            long capacity = Math.max(MIN_BYTES, Long.highestOneBit(Math.max(1, bytes - 1)) << 1);
            buffer = ByteBuffer.allocateDirect((int) Math.min(capacity, Integer.MAX_VALUE - 8))
                    .order(ByteOrder.nativeOrder());
            set[input] = buffer;
        }
        buffer.clear().limit((int) bytes);
        return buffer;
    }

    /** Returns a set once every tensor made from it is closed. */
    void release(ByteBuffer[] set) {
        free.offer(set);
    }
}
