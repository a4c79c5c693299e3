package dev.perfagent.agent.layer.batch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory-aware batching for one site: around a batch that runs, reads the device's free memory before and
 * after, feeds the pair to a {@link DeviceMemoryLearner}, and returns the cap that keeps the predicted peak
 * under {@code (1 - gpu.memory-headroom)} of the device's memory, for the batch policy to honour. Off (no
 * reading, no cap) while the {@link DeviceMemory} gives a reason, e.g. on the CPU accelerator, whose free
 * memory says nothing about a model's working set.
 *
 * <p>Not every batch is measured: one every {@link #DEFAULT_INTERVAL_NANOS} at most. Each reading is a driver call
 * (NVML's memory info) under the accelerator's lock; two per batch added 9 to 17 µs to every call of a single
 * client on an H100, where the GPU round trip is 60 µs. Fifty pairs a second still fill the learner's window of
 * 64 batches in about a second.
 *
 * <p>Thread-safe; called by the leaders of the site's batches. Never throws into them.
 */
public final class DeviceMemoryCap {
    /** No device memory: never on. */
    public static final DeviceMemoryCap OFF = new DeviceMemoryCap(DeviceMemory.NONE);

    /** The least time between two measured batches. */
    public static final long DEFAULT_INTERVAL_NANOS = 20_000_000L;

    private final DeviceMemory memory;
    private final long intervalNanos;
    private final DeviceMemoryLearner learner = new DeviceMemoryLearner();
    /** {@link System#nanoTime()} from which the next batch is measured. */
    private final AtomicLong nextReading = new AtomicLong(System.nanoTime());

    /** @param memory the memory of the device the site's batches run on */
    public DeviceMemoryCap(DeviceMemory memory) {
        this(memory, DEFAULT_INTERVAL_NANOS);
    }

    /**
     * @param memory        the memory of the device the site's batches run on
     * @param intervalNanos the least time between two measured batches; 0 measures every batch
     */
    public DeviceMemoryCap(DeviceMemory memory, long intervalNanos) {
        this.memory = memory;
        this.intervalNanos = intervalNanos;
    }

    /**
     * What memory-aware batching shows in {@code /status} and metrics.
     *
     * @param offReason    why it is off, or null while on
     * @param bytesPerItem the learnt device memory per item, NaN until learnt
     * @param cap          the cap it sets now (max-size while not learnt)
     */
    public record Figures(String offReason, double bytesPerItem, int cap) {
    }

    /**
     * Free device memory before a batch runs, or -1 while off or when this batch is not measured (then
     * {@link #after} does nothing).
     */
    long before() {
        if (intervalNanos > 0) {
            long now = System.nanoTime();
            long next = nextReading.get();
            // One batch per interval wins the exchange; the others, and batches beside it, run unmeasured.
            if (now - next < 0 || !nextReading.compareAndSet(next, now + intervalNanos)) {
                return -1;
            }
        }
        try {
            return memory.offReason() == null ? memory.freeBytes() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Free device memory just after a batch whose {@link #before()} was {@code freeBefore}; -1 while off. */
    long after(long freeBefore) {
        if (freeBefore < 0) {
            return -1;
        }
        try {
            return memory.freeBytes();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Learns from a batch of {@code size} items that had {@code freeBefore} bytes free before it ran and
     * {@code freeAfter} after.
     *
     * @return the cap now; {@code maxSize} while off or not learnt
     */
    int learn(int size, long freeBefore, long freeAfter, int maxSize) {
        if (freeBefore < 0 || freeAfter < 0) {
            return maxSize;
        }
        try {
            long total = memory.totalBytes();
            learner.observe(size, freeBefore, freeAfter, total);
            return DeviceMemoryLearner.cap(learner.fit(), total, memory.headroomPercent(), maxSize);
        } catch (RuntimeException e) {
            return maxSize;
        }
    }

    /** The figures now, for a site of at most {@code maxSize} items per batch. */
    public Figures figures(int maxSize) {
        String off;
        try {
            off = memory.offReason();
        } catch (RuntimeException e) {
            off = "the device's memory could not be read: " + e;
        }
        if (off != null) {
            return new Figures(off, Double.NaN, maxSize);
        }
        DeviceMemoryLearner.Fit fit = learner.fit();
        int cap = DeviceMemoryLearner.cap(fit, memory.totalBytes(), memory.headroomPercent(), maxSize);
        return new Figures(null, fit.bytesPerItem(), cap);
    }
}
