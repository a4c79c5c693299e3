package dev.perfagent.gpu;

import static org.bytedeco.cuda.global.nvml.NVML_ERROR_INSUFFICIENT_SIZE;
import static org.bytedeco.cuda.global.nvml.NVML_ERROR_NOT_FOUND;
import static org.bytedeco.cuda.global.nvml.NVML_SUCCESS;
import static org.bytedeco.cuda.global.nvml.nvmlDeviceGetProcessUtilization;

import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.bytedeco.cuda.nvml.nvmlProcessUtilizationSample_t;

/**
 * The share of each GPU's time this JVM's own kernels took, from NVML's per-process utilisation samples: what
 * tells the GPU a model runs on from one that is merely present (a model on ONNX Runtime's CPU provider, on a
 * GPU host). Each read asks only for the samples newer than the last one seen on that device, so it covers the
 * time since the previous reading. Not thread-safe: {@link CudaAccelerator} calls it under its lock.
 */
final class NvmlProcessShare {
    /** Samples the buffer holds at first: one per process using the GPU, rarely more than a few. */
    static final int INITIAL_SAMPLES = 64;
    /** The most samples the buffer grows to, whatever NVML asks for: bounds the native memory it takes. */
    static final int MAX_SAMPLES = 4096;

    private final long pid = ProcessHandle.current().pid();
    /** Whether NVML's pids can be ours: outside the host's PID namespace they never are (see PidNamespace). */
    private final boolean hostPids = PidNamespace.seesHostPids();
    /** Per device: the newest sample's time stamp (microseconds), 0 before the first read. */
    private final long[] lastSeen;
    private final int[] count = new int[1];
    private nvmlProcessUtilizationSample_t samples;
    private int capacity;

    /** @param devices how many devices it reads, by CUDA index */
    NvmlProcessShare(int devices) {
        this.lastSeen = new long[devices];
    }

    /**
     * This process's share of the device's time since the last read.
     *
     * @param index CUDA device index
     * @param handle the device's NVML handle
     * @return 0 to 1; 0 where NVML saw no process, or only others, busy on it; NaN where NVML cannot tell
     *     (not supported on this board, an error) or its pids are the host's and this process is in a container
     */
    double read(int index, nvmlDevice_st handle) {
        try {
            int status = query(index, handle, INITIAL_SAMPLES);
            if (status == NVML_ERROR_INSUFFICIENT_SIZE) {
                // count now holds the samples needed; a process may start before the retry, hence the slack.
                status = query(index, handle, Math.min(MAX_SAMPLES, Math.max(count[0], capacity) * 2));
            }
            if (status == NVML_ERROR_NOT_FOUND) {
                return 0.0;   // no process kept the device busy since the last sample seen: nor did we
            }
            if (status != NVML_SUCCESS) {
                return Double.NaN;
            }
            int matched = 0;
            long smSum = 0;
            long newest = lastSeen[index];
            for (int i = 0; i < Math.min(count[0], capacity); i++) {
                nvmlProcessUtilizationSample_t sample = samples.getPointer(i);
                newest = Math.max(newest, sample.timeStamp());
                if ((sample.pid() & 0xffffffffL) == pid) {
                    matched++;
                    smSum += sample.smUtil() & 0xffffffffL;
                }
            }
            lastSeen[index] = newest;
            return share(matched, smSum, hostPids);
        } catch (RuntimeException | LinkageError e) {
            return Double.NaN;
        }
    }

    /**
     * The share the samples give this process.
     *
     * @param matched samples that carry this process's pid
     * @param smSum their SM utilisation, in percent, summed
     * @param hostPids whether NVML's pids are comparable with this process's
     * @return the mean over the matched samples, 0 to 1; 0 where none matched; NaN where pids cannot match
     */
    static double share(int matched, long smSum, boolean hostPids) {
        if (!hostPids) {
            return Double.NaN;   // a match would be another process's host pid that happens to equal ours
        }
        return matched == 0 ? 0.0 : Math.min(1.0, smSum / (100.0 * matched));
    }

    /** One NVML call with a buffer of at least {@code wanted} samples; leaves the samples' number in count. */
    private int query(int index, nvmlDevice_st handle, int wanted) {
        if (samples == null || capacity < wanted) {
            release();
            samples = new nvmlProcessUtilizationSample_t(wanted);
            capacity = wanted;
        }
        count[0] = capacity;
        return nvmlDeviceGetProcessUtilization(handle, samples, count, lastSeen[index]);
    }

    /** Frees the sample buffer. */
    void release() {
        if (samples != null) {
            samples.close();
            samples = null;
            capacity = 0;
        }
    }
}
