package dev.perfagent.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Host buffers that batches are assembled in, reused from batch to batch: page-locked memory for CUDA
 * (a copy to the device from it runs at full bus speed and can be asynchronous), direct buffers for the
 * CPU. Sizes are rounded up to powers of two (from 4 KiB to 1 GiB), so batches of similar sizes share
 * buffers and a steady load stops allocating after its first batches.
 *
 * <p>The bytes the pool holds from its memory, idle and lent together, never exceed {@code maxBytes}
 * ({@code gpu.pinned-pool-max}): page-locked memory is taken from the whole machine. When a request
 * would pass the bound, idle buffers of other sizes are freed first; if that is not enough (or the
 * memory refuses), the request gets an unpooled direct buffer and counts as an overflow, so a batch
 * never fails for want of staging memory. {@link #close()} (on detach) frees the idle buffers at once
 * and lent ones as they come back.
 *
 * <p>Thread-safe; each call takes the pool's lock briefly (no allocation under it for a reuse).
 */
public final class StagingBufferPool implements StagingSource, AutoCloseable {

    /** The smallest buffer: 4 KiB, a page. */
    static final int MIN_SHIFT = 12;
    /** The largest pooled buffer: 1 GiB (a ByteBuffer holds less than 2 GiB). */
    static final int MAX_SHIFT = 30;

    private final HostMemory memory;
    private final long maxBytes;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] idle = new ArrayDeque[MAX_SHIFT + 1];
    private long allocatedBytes;
    private long inUseBytes;
    private int idleBuffers;
    private long allocations;
    private long reuses;
    private long overflows;
    private boolean closed;

    /**
     * @param memory where pooled buffers come from
     * @param maxBytes the most the pool may hold from {@code memory}, at least 0
     */
    public StagingBufferPool(HostMemory memory, long maxBytes) {
        this.memory = Objects.requireNonNull(memory, "memory");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        for (int shift = MIN_SHIFT; shift <= MAX_SHIFT; shift++) {
            idle[shift] = new ArrayDeque<>();
        }
    }

    /**
     * Lends a buffer of at least {@code bytes}: position 0, limit {@code bytes}, native byte order. A request
     * over 1 GiB, the largest size class, gets an unpooled buffer of its exact size and counts as an overflow.
     *
     * @param bytes what the batch needs, 0 to {@link StagingBuffer#MAX_BYTES}
     * @return the buffer; close it when done
     */
    @Override
    public StagingBuffer acquire(int bytes) {
        if (bytes < 0 || bytes > StagingBuffer.MAX_BYTES) {
            throw new IllegalArgumentException("bytes must be 0 to " + StagingBuffer.MAX_BYTES + ": " + bytes);
        }
        if (bytes > (1 << MAX_SHIFT)) {
            synchronized (this) {
                overflows++;
            }
            return StagingBuffer.unpooled(bytes);
        }
        int shift = sizeClass(bytes);
        int capacity = 1 << shift;
        ByteBuffer buffer = null;
        boolean pooled = false;
        synchronized (this) {
            if (!closed) {
                buffer = idle[shift].pollFirst();
                if (buffer != null) {
                    idleBuffers--;
                    reuses++;
                    pooled = true;
                } else if (makeRoom(capacity)) {
                    // Counted before the allocation so no other thread takes the room meanwhile.
                    allocatedBytes += capacity;
                    pooled = true;
                }
                if (pooled) {
                    inUseBytes += capacity;
                } else {
                    overflows++;
                }
            } else {
                overflows++;
            }
        }
        if (pooled && buffer == null) {
            try {
                buffer = memory.allocate(capacity);
                synchronized (this) {
                    allocations++;
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                // Pinned memory is a limited resource of the machine: carry on with pageable memory.
                synchronized (this) {
                    allocatedBytes -= capacity;
                    inUseBytes -= capacity;
                    overflows++;
                }
                pooled = false;
            }
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(bytes);
        return new StagingBuffer(this, buffer, shift, pooled);
    }

    /** Frees idle buffers of other sizes until {@code capacity} more fits under the bound. */
    private boolean makeRoom(int capacity) {
        if (capacity > maxBytes) {
            return false;
        }
        for (int shift = MAX_SHIFT; shift >= MIN_SHIFT && allocatedBytes + capacity > maxBytes; shift--) {
            ByteBuffer victim;
            while (allocatedBytes + capacity > maxBytes && (victim = idle[shift].pollFirst()) != null) {
                idleBuffers--;
                allocatedBytes -= victim.capacity();
                freeQuietly(victim);
            }
        }
        return allocatedBytes + capacity <= maxBytes;
    }

    void release(StagingBuffer lent) {
        if (!lent.pooled()) {
            return; // an overflow buffer: the collector frees it
        }
        ByteBuffer buffer = lent.buffer();
        synchronized (this) {
            inUseBytes -= buffer.capacity();
            if (!closed) {
                idle[lent.sizeClass()].addFirst(buffer); // the most recently used is the warmest
                idleBuffers++;
                return;
            }
            allocatedBytes -= buffer.capacity();
        }
        freeQuietly(buffer);
    }

    /** The pool's figures now. */
    public synchronized StagingPoolStats stats() {
        return new StagingPoolStats(memory.kind(), maxBytes, allocatedBytes, inUseBytes, idleBuffers, allocations,
                reuses, overflows);
    }

    /** Frees every idle buffer; lent buffers are freed when they come back. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (int shift = MIN_SHIFT; shift <= MAX_SHIFT; shift++) {
                ByteBuffer buffer;
                while ((buffer = idle[shift].pollFirst()) != null) {
                    idleBuffers--;
                    allocatedBytes -= buffer.capacity();
                    freeQuietly(buffer);
                }
            }
        }
    }

    private void freeQuietly(ByteBuffer buffer) {
        try {
            memory.free(buffer);
        } catch (RuntimeException e) {
            // A driver that refuses to free has nothing we could do about it.
        }
    }

    /** The power of two at or above {@code bytes}, as a shift, at least {@link #MIN_SHIFT}. */
    static int sizeClass(int bytes) {
        if (bytes <= 1 << MIN_SHIFT) {
            return MIN_SHIFT;
        }
        int shift = 32 - Integer.numberOfLeadingZeros(bytes - 1);
        return Math.max(MIN_SHIFT, shift);
    }
}
