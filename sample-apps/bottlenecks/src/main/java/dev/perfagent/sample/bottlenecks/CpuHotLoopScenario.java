package dev.perfagent.sample.bottlenecks;

/**
 * {@code cpu-hot-loop}: each request checksums a 16 KiB buffer with {@link HotLoop#checksum(byte[])}. The
 * buffer is per thread and one byte changes per request, so no two calls see the same data (nothing a
 * cache could absorb) and the request itself allocates nothing.
 */
final class CpuHotLoopScenario implements Scenario {
    static final int BUFFER_BYTES = 16 * 1024;

    private final HotLoop hotLoop = new HotLoop();
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);
    // Written with every result so the JIT must compute it; racy on purpose (any thread's last value will do).
    private int lastChecksum;

    @Override
    public void request() {
        byte[] buffer = buffers.get();
        int position = lastChecksum & (BUFFER_BYTES - 1);
        buffer[position]++;
        lastChecksum = hotLoop.checksum(buffer);
    }
}
