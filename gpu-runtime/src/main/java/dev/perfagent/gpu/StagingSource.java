package dev.perfagent.gpu;

/**
 * Lends the host buffers batches are assembled in: a {@link StagingBufferPool}, or whatever stands in for one
 * until the pool exists. Implementations are thread-safe and never fail a request for want of staging memory:
 * at worst they hand out an unpooled direct buffer.
 */
@FunctionalInterface
public interface StagingSource {

    /** No pool: every request gets an unpooled direct buffer of its own. */
    StagingSource UNPOOLED = StagingBuffer::unpooled;

    /**
     * Lends a buffer of at least {@code bytes}: position 0, limit {@code bytes}, native byte order.
     *
     * @param bytes what the batch needs, 0 to {@link StagingBuffer#MAX_BYTES}
     * @return the buffer; close it once nothing reads it any more
     * @throws IllegalArgumentException for a size no buffer can hold
     */
    StagingBuffer acquire(int bytes);
}
