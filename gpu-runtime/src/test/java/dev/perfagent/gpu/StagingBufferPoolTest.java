package dev.perfagent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StagingBufferPoolTest {

    /** Direct memory that counts what is live, so a test sees every buffer come back. */
    private static final class CountingMemory implements HostMemory {
        final Set<ByteBuffer> live = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        volatile boolean refuse;

        @Override
        public String kind() {
            return "counted";
        }

        @Override
        public ByteBuffer allocate(int bytes) {
            if (refuse) {
                throw new IllegalStateException("cudaHostAlloc: out of memory");
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            live.add(buffer);
            return buffer;
        }

        @Override
        public void free(ByteBuffer buffer) {
            assertTrue(live.remove(buffer), "freed twice or never allocated");
        }

        long liveBytes() {
            synchronized (live) {
                return live.stream().mapToLong(ByteBuffer::capacity).sum();
            }
        }
    }

    @Test
    void roundsUpToPowersOfTwoFromAPage() {
        assertEquals(12, StagingBufferPool.sizeClass(1));
        assertEquals(12, StagingBufferPool.sizeClass(4096));
        assertEquals(13, StagingBufferPool.sizeClass(4097));
        assertEquals(20, StagingBufferPool.sizeClass(1 << 20));
        assertEquals(30, StagingBufferPool.sizeClass(1 << 30));
        try (StagingBufferPool pool = new StagingBufferPool(new CountingMemory(), 1 << 20);
             StagingBuffer lent = pool.acquire(5000)) {
            assertEquals(8192, lent.buffer().capacity());
            assertEquals(5000, lent.buffer().limit());
            assertEquals(0, lent.buffer().position());
            assertEquals(ByteOrder.nativeOrder(), lent.buffer().order());
        }
    }

    @Test
    void aReturnedBufferIsReusedForTheSameSizeClass() {
        CountingMemory memory = new CountingMemory();
        try (StagingBufferPool pool = new StagingBufferPool(memory, 1 << 20)) {
            StagingBuffer first = pool.acquire(3000);
            ByteBuffer bytes = first.buffer();
            first.close();
            first.close(); // a second close does nothing
            StagingBuffer second = pool.acquire(4000);
            assertSame(bytes, second.buffer());
            second.close();
            StagingPoolStats stats = pool.stats();
            assertEquals(1, stats.allocations());
            assertEquals(1, stats.reuses());
            assertEquals(4096, stats.allocatedBytes());
            assertEquals(0, stats.inUseBytes());
            assertEquals(1, stats.idleBuffers());
        }
        assertEquals(0, memory.liveBytes(), "close frees the idle buffers");
    }

    @Test
    void neverHoldsMoreThanTheBoundAndOverflowsIntoUnpooledBuffers() {
        CountingMemory memory = new CountingMemory();
        try (StagingBufferPool pool = new StagingBufferPool(memory, 64 * 1024)) {
            StagingBuffer a = pool.acquire(32 * 1024);
            StagingBuffer b = pool.acquire(32 * 1024);
            StagingBuffer c = pool.acquire(32 * 1024); // over the bound: unpooled
            assertTrue(a.pooled() && b.pooled());
            assertFalse(c.pooled());
            assertEquals(64 * 1024, memory.liveBytes());
            StagingBuffer huge = pool.acquire(1 << 20); // larger than the whole pool
            assertFalse(huge.pooled());
            assertEquals(1 << 20, huge.buffer().capacity());
            List.of(a, b, c, huge).forEach(StagingBuffer::close);
            assertEquals(2, pool.stats().overflows());
            assertEquals(64 * 1024, pool.stats().allocatedBytes());
        }
    }

    @Test
    void idleBuffersOfOtherSizesMakeRoom() {
        CountingMemory memory = new CountingMemory();
        try (StagingBufferPool pool = new StagingBufferPool(memory, 64 * 1024)) {
            pool.acquire(16 * 1024).close();
            pool.acquire(16 * 1024).close(); // reused, still one
            StagingBuffer big = pool.acquire(64 * 1024);
            assertTrue(big.pooled(), "the idle 16 KiB buffer was freed to make room");
            assertEquals(64 * 1024, memory.liveBytes());
            big.close();
        }
    }

    @Test
    void whenTheMemoryRefusesTheBatchStillGetsABuffer() {
        CountingMemory memory = new CountingMemory();
        memory.refuse = true;
        try (StagingBufferPool pool = new StagingBufferPool(memory, 1 << 20)) {
            StagingBuffer lent = pool.acquire(10_000);
            assertFalse(lent.pooled());
            assertTrue(lent.buffer().isDirect());
            lent.close();
            StagingPoolStats stats = pool.stats();
            assertEquals(0, stats.allocatedBytes());
            assertEquals(0, stats.inUseBytes());
            assertEquals(1, stats.overflows());
        }
    }

    @Test
    void buffersLentAtCloseAreFreedWhenTheyComeBack() {
        CountingMemory memory = new CountingMemory();
        StagingBufferPool pool = new StagingBufferPool(memory, 1 << 20);
        StagingBuffer lent = pool.acquire(100);
        pool.acquire(100).close();
        pool.close();
        assertEquals(4096, memory.liveBytes(), "the lent one is still out");
        lent.close();
        assertEquals(0, memory.liveBytes());
        assertEquals(0, pool.stats().allocatedBytes());
        StagingBuffer afterClose = pool.acquire(100);
        assertFalse(afterClose.pooled(), "a closed pool allocates nothing more from its memory");
        afterClose.close();
        assertEquals(0, memory.liveBytes());
    }

    @Test
    void anEmptyRequestGetsTheSmallestBufferWithNothingInIt() {
        try (StagingBufferPool pool = new StagingBufferPool(new CountingMemory(), 1 << 20);
             StagingBuffer lent = pool.acquire(0)) {
            assertTrue(lent.pooled());
            assertEquals(4096, lent.buffer().capacity());
            assertEquals(0, lent.buffer().limit());
        }
    }

    @Test
    void rejectsSizesItCannotHold() {
        try (StagingBufferPool pool = new StagingBufferPool(new CountingMemory(), 1 << 20)) {
            assertThrows(IllegalArgumentException.class, () -> pool.acquire(-1));
            assertThrows(IllegalArgumentException.class, () -> pool.acquire(Integer.MAX_VALUE));
        }
        assertThrows(IllegalArgumentException.class, () -> new StagingBufferPool(new CountingMemory(), -1));
    }

    @Test
    void anUnpooledBufferHasTheExactSizeAndClosesIntoNothing() {
        StagingBuffer lent = StagingSource.UNPOOLED.acquire(5000);
        assertFalse(lent.pooled());
        assertTrue(lent.buffer().isDirect());
        assertEquals(5000, lent.buffer().capacity());
        assertEquals(5000, lent.buffer().limit());
        assertEquals(ByteOrder.nativeOrder(), lent.buffer().order());
        lent.close();
        lent.close();
        assertEquals(0, StagingBuffer.unpooled(0).buffer().capacity());
        assertThrows(IllegalArgumentException.class, () -> StagingBuffer.unpooled(-1));
    }

    /**
     * The leak test: many batches of 1 to 64 rows. On one thread the pool stops allocating after its first
     * batches; on four, it holds at most one buffer per size class per thread, however many batches run.
     */
    @Test
    void manyBatchesLeaveThePoolFlat() throws Exception {
        CountingMemory memory = new CountingMemory();
        long max = 8L << 20;
        try (StagingBufferPool pool = new StagingBufferPool(memory, max)) {
            runBatches(pool, 1, 2_000, 1);
            StagingPoolStats warm = pool.stats();
            runBatches(pool, 1, 20_000, 2);
            StagingPoolStats after = pool.stats();
            assertEquals(warm.allocatedBytes(), after.allocatedBytes(), "no growth after warm-up: " + after);
            assertEquals(warm.allocations(), after.allocations(), "no new allocations after warm-up: " + after);

            runBatches(pool, 4, 25_000, 3);
            StagingPoolStats busy = pool.stats();
            // 1 KiB to 64 KiB: size classes 4 KiB, 8, 16, 32 and 64 KiB, one of each per thread at most.
            long perThread = (4 + 8 + 16 + 32 + 64) * 1024;
            assertTrue(busy.allocations() <= 4 * 5, busy.toString());
            assertTrue(busy.allocatedBytes() <= 4 * perThread, busy.toString());
            assertEquals(0, busy.inUseBytes());
            assertEquals(busy.allocatedBytes(), memory.liveBytes());
            assertTrue(busy.reuses() > 100_000, busy.toString());
        }
        assertEquals(0, memory.liveBytes(), "every buffer freed on close");
    }

    private static void runBatches(StagingBufferPool pool, int threads, int batchesPerThread, long seed)
            throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                done.add(workers.submit(() -> {
                    for (int i = 0; i < batchesPerThread; i++) {
                        // A batch of 1 to 64 rows of 256 floats, as the MLP benchmark sends.
                        int rows = 1 + random.nextInt(64);
                        try (StagingBuffer lent = pool.acquire(rows * 256 * Float.BYTES)) {
                            ByteBuffer buffer = lent.buffer();
                            while (buffer.remaining() >= Float.BYTES) {
                                buffer.putFloat(i);
                            }
                            assertNotSame(null, buffer);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
