package dev.perfagent.agent.layer.batch;

/**
 * The memory of the device a site's batches run on, as memory-aware batching reads it
 * ({@link DeviceMemoryCap}). Read on the leader's thread just before and just after each batch, so both
 * reads must be cheap and must never throw. The agent does not know which device a model's session uses;
 * its implementation reads the accelerator's first device (CUDA device 0, where ONNX Runtime's CUDA
 * provider runs by default).
 */
public interface DeviceMemory {

    /** No accelerator: learning stays off. */
    DeviceMemory NONE = new DeviceMemory() {
        @Override
        public String offReason() {
            return "no accelerator";
        }

        @Override
        public long freeBytes() {
            return -1;
        }

        @Override
        public long totalBytes() {
            return -1;
        }

        @Override
        public double headroomPercent() {
            return 10;
        }
    };

    /**
     * Why the device's memory cannot be learnt from now, e.g. {@code "the cpu accelerator reports no device
     * memory"}; null when it can ({@link #freeBytes()} then tells).
     */
    String offReason();

    /** Free memory on the device now, or -1 when unknown. */
    long freeBytes();

    /** The device's memory in all, or -1 when unknown. */
    long totalBytes();

    /** The share of the device's memory, 0 to 100, a batch's predicted peak leaves free ({@code gpu.memory-headroom}). */
    double headroomPercent();
}
