package dev.perfagent.gpu;

/**
 * One device as the batcher and /status see it: what it is and how much memory it has.
 *
 * @param kind accelerator kind, e.g. {@code cpu} or {@code cuda}
 * @param index device index within its kind (the CUDA runtime's ordinal for {@code cuda})
 * @param name human-readable name (CPU model, GPU product name)
 * @param computeCapability CUDA compute capability such as {@code 9.0}; empty for the CPU
 * @param cores processing units available to this JVM (CPU cores; multiprocessors on a GPU)
 * @param totalMemoryBytes memory the device has
 * @param freeMemoryBytes memory free when this record was made
 */
public record DeviceInfo(String kind, int index, String name, String computeCapability, int cores,
                         long totalMemoryBytes, long freeMemoryBytes) {

    /**
     * The memory a batch may plan to use: what is free less a share of the total kept in reserve for
     * others (fragmentation, the framework's own workspace, other processes); never negative.
     *
     * @param headroomPercent the share of {@link #totalMemoryBytes()} kept free, 0 to 100
     * @return bytes a batch may use now
     */
    public long usableMemoryBytes(double headroomPercent) {
        long reserve = (long) (totalMemoryBytes * (headroomPercent / 100.0));
        return Math.max(0, freeMemoryBytes - reserve);
    }
}
