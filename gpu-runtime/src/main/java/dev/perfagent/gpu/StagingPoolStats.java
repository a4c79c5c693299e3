package dev.perfagent.gpu;

/**
 * A {@link StagingBufferPool}'s figures at one moment.
 *
 * @param memoryKind what the pool holds: {@code pinned} or {@code direct}
 * @param maxBytes the bound on {@code allocatedBytes}
 * @param allocatedBytes bytes the pool holds from its memory, idle and in use
 * @param inUseBytes bytes of pooled buffers handed out now
 * @param idleBuffers buffers waiting for reuse
 * @param allocations buffers allocated from the memory since the pool was made
 * @param reuses requests served by an idle buffer
 * @param overflows requests served by an unpooled direct buffer (over the bound, or the memory refused)
 */
public record StagingPoolStats(String memoryKind, long maxBytes, long allocatedBytes, long inUseBytes,
                               int idleBuffers, long allocations, long reuses, long overflows) {
}
