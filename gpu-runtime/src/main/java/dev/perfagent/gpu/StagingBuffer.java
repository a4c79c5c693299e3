package dev.perfagent.gpu;

import java.nio.ByteBuffer;

/**
 * A buffer lent by a {@link StagingBufferPool} for one batch. Its {@link #buffer()} has a power-of-two
 * capacity, position 0 and limit the requested size. Close it when the batch no longer needs it; it
 * goes back to the pool (or is freed if the pool is closed). Not thread-safe: one batch owns it.
 */
public final class StagingBuffer implements AutoCloseable {
    private final StagingBufferPool pool;
    private final ByteBuffer buffer;
    private final int sizeClass;
    private final boolean pooled;
    private boolean closed;

    StagingBuffer(StagingBufferPool pool, ByteBuffer buffer, int sizeClass, boolean pooled) {
        this.pool = pool;
        this.buffer = buffer;
        this.sizeClass = sizeClass;
        this.pooled = pooled;
    }

    /** The memory to assemble the batch in; do not keep it after {@link #close()}. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** False for an overflow buffer: an unpooled direct buffer handed out when the pool was full. */
    public boolean pooled() {
        return pooled;
    }

    int sizeClass() {
        return sizeClass;
    }

    /** Gives the buffer back; a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.release(this);
        }
    }
}
