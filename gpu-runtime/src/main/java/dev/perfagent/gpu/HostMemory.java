package dev.perfagent.gpu;

import java.nio.ByteBuffer;

/**
 * Host memory that batches are assembled in before they go to a device. Implementations are thread-safe.
 */
public interface HostMemory {

    /** What kind of memory it hands out: {@code pinned} (page-locked) or {@code direct}. */
    String kind();

    /**
     * A new buffer of exactly {@code bytes}, native byte order.
     *
     * @param bytes capacity, at least 1
     * @return the buffer
     * @throws RuntimeException when the memory cannot be had (the pool then falls back to a direct buffer)
     */
    ByteBuffer allocate(int bytes);

    /**
     * Gives back a buffer this memory allocated; the buffer must not be used afterwards.
     *
     * @param buffer a buffer from {@link #allocate}
     */
    void free(ByteBuffer buffer);
}
