package dev.perfagent.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct (off-heap, pageable) buffers: the CPU accelerator's staging memory, and the fallback when pinned
 * memory runs out. {@link #free} drops the buffer: the JDK releases direct memory when the buffer is
 * collected, there is no portable way to free it sooner.
 */
public final class DirectHostMemory implements HostMemory {

    @Override
    public String kind() {
        return "direct";
    }

    @Override
    public ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    @Override
    public void free(ByteBuffer buffer) {
        // Released by the collector once unreachable.
    }
}
