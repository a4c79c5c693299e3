package dev.perfagent.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A buffer lent by a {@link StagingSource} for one batch. Its {@link #buffer()} has position 0 and limit the
 * requested size; a pooled one has a power-of-two capacity. Close it when the batch no longer needs it; a
 * pooled buffer goes back to its pool (or is freed if the pool is closed), an unpooled one is left to the
 * collector. Not thread-safe: one batch owns it.
 */
public final class StagingBuffer implements AutoCloseable {
    /** The most one buffer holds: a little under 2 GiB, as {@link ByteBuffer#allocateDirect} allows. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    /** Null for an unpooled buffer. */
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

    /**
     * A direct buffer of exactly {@code bytes} that belongs to no pool: what a batch gets where no pool is.
     *
     * @param bytes 0 to {@link #MAX_BYTES}
     */
    public static StagingBuffer unpooled(int bytes) {
        if (bytes < 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("bytes must be 0 to " + MAX_BYTES + ": " + bytes);
        }
        return new StagingBuffer(null, ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder()), -1, false);
    }

    /** The memory to assemble the batch in; do not keep it after {@link #close()}. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** False for an unpooled direct buffer: handed out where no pool is, or when the pool was full. */
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
            if (pool != null) {
                pool.release(this);
            }
        }
    }
}
