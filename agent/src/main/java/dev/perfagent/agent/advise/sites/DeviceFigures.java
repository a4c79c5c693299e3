package dev.perfagent.agent.advise.sites;

import java.util.Locale;

/**
 * One device of the accelerator over the window, for the site detectors: how busy it was, how much of that
 * was this process's own work, and how full its memory got. The CPU accelerator reports the CPU as its device:
 * its busy ratio is the machine's CPU load and its memory the host's physical memory, which the page cache
 * fills, so {@link #ownMemory()} is false there.
 *
 * @param kind accelerator kind, {@code cuda} or {@code cpu}
 * @param index device index within its kind
 * @param name the device's name (GPU product, CPU model)
 * @param busyRatio mean share of time it was busy over the window's readings, 0 to 1; NaN unknown
 * @param processBusyRatio mean share of its time this process's own work took over the window's readings, 0 to
 *     1; NaN unknown (no reading told, as inside a container, whose pids NVML does not know)
 * @param memoryUsedBytes the most memory in use at any reading of the window; -1 unknown
 * @param memoryTotalBytes its memory in all; -1 unknown
 * @param samples readings the window took
 */
public record DeviceFigures(String kind, int index, String name, double busyRatio, double processBusyRatio,
                            long memoryUsedBytes, long memoryTotalBytes, int samples) {

    /** Whether the device has memory of its own that batches fill (a GPU), unlike the CPU's host memory. */
    public boolean ownMemory() {
        return !"cpu".equals(kind);
    }

    /**
     * Whether this process was seen running work on the device in the window, so that batches may run there.
     * The CPU always runs this process. A GPU must show this process's own share above 0; where that share is
     * unknown (NVML cannot tell, or reports host pids to a container), at least the device must have been busy:
     * a GPU that is present but unused, as under a model on ONNX Runtime's CPU provider, runs no batches.
     */
    public boolean runsThisProcess() {
        if (!ownMemory()) {
            return true;
        }
        return Double.isNaN(processBusyRatio) ? busyRatio > 0 : processBusyRatio > 0;
    }

    /** The share of its memory in use at the fullest reading; NaN unknown. */
    public double memoryUsedShare() {
        return memoryUsedBytes < 0 || memoryTotalBytes <= 0 ? Double.NaN : (double) memoryUsedBytes / memoryTotalBytes;
    }

    /** How recommendations name it: {@code the CPU (Intel Xeon ...)} or {@code GPU cuda0 (NVIDIA H100)}. */
    public String label() {
        return ownMemory() ? "GPU " + kind + index + " (" + name + ")"
                : "the " + kind.toUpperCase(Locale.ROOT) + " (" + name + ")";
    }
}
