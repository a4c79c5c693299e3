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

    /** Where batches are staged on the host: page-locked memory for CUDA, direct buffers for the CPU. */
    HostMemory hostMemory();

    /** Releases what the accelerator holds (driver handles); buffers still out are freed by their pool. */
    @Override
    void close();
}
