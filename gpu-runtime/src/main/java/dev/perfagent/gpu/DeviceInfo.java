package dev.perfagent.gpu;

/**
 * One device as the batcher and /status see it.
 *
 * @param kind accelerator kind, e.g. {@code cpu}
 * @param index device index within its kind
 * @param name human-readable name (CPU model, GPU product name)
 * @param cores processing units available to this JVM (CPU cores; multiprocessors on a GPU)
 * @param totalMemoryBytes memory the device has
 * @param freeMemoryBytes memory free now
 */
public record DeviceInfo(String kind, int index, String name, int cores, long totalMemoryBytes,
                         long freeMemoryBytes) {
}
