package dev.perfagent.gpu;

import java.util.List;

/**
 * A kind of hardware that runs batches: the {@link CpuAccelerator CPU}, or the CUDA devices of this host
 * ({@link CudaAccelerator}, reached only through {@link AcceleratorSelection}, which loads it lazily and
 * falls back to the CPU). Thread-safe: telemetry reads it on one thread while batches use its host
 * memory on others.
 */
public interface Accelerator extends AutoCloseable {

    /** Short name, e.g. {@code cpu} or {@code cuda}. */
    String kind();

    /** The devices this accelerator drives, with their memory now. */
    List<DeviceInfo> devices();

    /** The live figures of every device, in the order of {@link #devices()}; never throws. */
    List<DeviceReading> readings();

    /**
     * The free memory of one device now, read as cheaply as the driver allows (memory-aware batching reads it
     * around every batch); -1 where the accelerator has no device memory of its own or cannot tell. The CPU
     * answers -1: the host's free memory moves with the page cache and every other process, and says nothing
     * about a model's working set.
     *
     * @param index the device's index in {@link #devices()}
     * @return free bytes, or -1
     */
    default long freeMemoryBytes(int index) {
        return -1;
    }

    /** Where batches are staged on the host: page-locked memory for CUDA, direct buffers for the CPU. */
    HostMemory hostMemory();

    /** Releases what the accelerator holds (driver handles); buffers still out are freed by their pool. */
    @Override
    void close();
}
