package dev.perfagent.gpu;

import static org.bytedeco.cuda.global.cudart.cudaDeviceGetPCIBusId;
import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaErrorInsufficientDriver;
import static org.bytedeco.cuda.global.cudart.cudaErrorNoDevice;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;
import static org.bytedeco.cuda.global.nvml.NVML_SUCCESS;
import static org.bytedeco.cuda.global.nvml.NVML_TEMPERATURE_GPU;
import static org.bytedeco.cuda.global.nvml.nvmlDeviceGetHandleByPciBusId_v2;
import static org.bytedeco.cuda.global.nvml.nvmlDeviceGetMemoryInfo;
import static org.bytedeco.cuda.global.nvml.nvmlDeviceGetPowerUsage;
import static org.bytedeco.cuda.global.nvml.nvmlDeviceGetTemperature;
import static org.bytedeco.cuda.global.nvml.nvmlDeviceGetUtilizationRates;
import static org.bytedeco.cuda.global.nvml.nvmlInit_v2;
import static org.bytedeco.cuda.global.nvml.nvmlShutdown;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvml;
import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.bytedeco.cuda.nvml.nvmlMemory_t;
import org.bytedeco.cuda.nvml.nvmlUtilization_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * The CUDA devices of this host, through the JavaCPP presets: the CUDA runtime (cudart) for the devices,
 * their properties and page-locked host memory; NVML for utilisation (the device's, and this process's share
 * of it), memory in use, temperature and power. Uses the host's NVIDIA driver and CUDA 13 runtime
 * ({@code libcudart.so.13}); the presets' JNI libraries come from perf-agent.jar.
 *
 * <p>Opened only by {@link AcceleratorSelection} through {@link CudaProbe#JAVACPP}, on a background
 * thread: {@link #open()} turns every way of failing (no runtime library, no driver, a driver older than
 * the runtime, no device) into an {@link AcceleratorUnavailableException} with a one-line reason. Where
 * NVML is missing the devices are still used, with unknown readings. Thread-safe.
 */
public final class CudaAccelerator implements Accelerator {
    private final List<DeviceInfo> devices;
    /** NVML handle per device, in CUDA's order (matched by PCI bus id); null entries where NVML has none. */
    private final List<nvmlDevice_st> handles;
    private final boolean nvmlStarted;
    private final PinnedHostMemory memory = new PinnedHostMemory();
    private final nvmlUtilization_t utilization;
    private final nvmlMemory_t memoryInfo;
    private final NvmlProcessShare processShare;
    private final int[] scratch = new int[1];
    private boolean closed;

    private CudaAccelerator(List<DeviceInfo> devices, List<nvmlDevice_st> handles, boolean nvmlStarted) {
        this.devices = List.copyOf(devices);
        this.handles = handles;
        this.nvmlStarted = nvmlStarted;
        this.utilization = nvmlStarted ? new nvmlUtilization_t() : null;
        this.memoryInfo = nvmlStarted ? new nvmlMemory_t() : null;
        this.processShare = new NvmlProcessShare(devices.size());
    }

    /**
     * Loads the CUDA runtime and NVML and describes every device.
     *
     * @return the accelerator, with at least one device
     * @throws AcceleratorUnavailableException with the reason CUDA cannot be used here
     */
    static CudaAccelerator open() throws AcceleratorUnavailableException {
        try {
            Loader.load(cudart.class);
        } catch (Throwable t) {
            throw new AcceleratorUnavailableException(loadFailure(t));
        }
        int[] value = new int[1];
        int status = cudaDriverGetVersion(value);
        int driver = value[0];
        if (status != cudaSuccess || driver == 0) {
            throw new AcceleratorUnavailableException("no NVIDIA driver (libcuda.so.1 not loaded)");
        }
        cudaRuntimeGetVersion(value);
        int runtime = value[0];
        // Minor-version compatibility: a 13.x runtime runs on any driver for CUDA 13; the device count below
        // still reports cudaErrorInsufficientDriver where the driver lacks something the runtime needs.
        if (driver / 1000 < runtime / 1000) {
            throw new AcceleratorUnavailableException(mismatch(driver, runtime));
        }
        status = cudaGetDeviceCount(value);
        if (status == cudaErrorNoDevice || status == cudaSuccess && value[0] == 0) {
            throw new AcceleratorUnavailableException("no CUDA device (driver for CUDA " + version(driver) + ")");
        }
        if (status == cudaErrorInsufficientDriver) {
            throw new AcceleratorUnavailableException(mismatch(driver, runtime));
        }
        if (status != cudaSuccess) {
            throw new AcceleratorUnavailableException("cudaGetDeviceCount: " + errorText(status));
        }
        int count = value[0];
        List<DeviceInfo> devices = new ArrayList<>(count);
        List<String> busIds = new ArrayList<>(count);
        for (int device = 0; device < count; device++) {
            cudaDeviceProp props = new cudaDeviceProp();
            status = cudaGetDeviceProperties(props, device);
            if (status != cudaSuccess) {
                throw new AcceleratorUnavailableException("cudaGetDeviceProperties(" + device + "): "
                        + errorText(status));
            }
            devices.add(new DeviceInfo("cuda", device, props.name().getString(StandardCharsets.UTF_8),
                    props.major() + "." + props.minor(), props.multiProcessorCount(), props.totalGlobalMem(), -1));
            byte[] bus = new byte[32];
            busIds.add(cudaDeviceGetPCIBusId(bus, bus.length, device) == cudaSuccess ? cString(bus) : null);
        }
        List<nvmlDevice_st> handles = new ArrayList<>(count);
        boolean nvmlStarted = startNvml(busIds, handles);
        return new CudaAccelerator(devices, handles, nvmlStarted);
    }

    /** Starts NVML and finds each CUDA device's handle; false (handles all null) where NVML is missing. */
    private static boolean startNvml(List<String> busIds, List<nvmlDevice_st> handles) {
        boolean started;
        try {
            Loader.load(nvml.class);
            started = nvmlInit_v2() == NVML_SUCCESS;
        } catch (Throwable t) {
            started = false;
        }
        for (String busId : busIds) {
            nvmlDevice_st handle = null;
            if (started && busId != null) {
                nvmlDevice_st found = new nvmlDevice_st();
                // By PCI bus id: NVML's own order differs from CUDA's unless CUDA_DEVICE_ORDER=PCI_BUS_ID.
                if (nvmlDeviceGetHandleByPciBusId_v2(new BytePointer(busId), found) == NVML_SUCCESS
                        && !found.isNull()) {
                    handle = found;
                }
            }
            handles.add(handle);
        }
        return started;
    }

    @Override
    public String kind() {
        return "cuda";
    }

    @Override
    public synchronized List<DeviceInfo> devices() {
        if (closed || !nvmlStarted) {
            return devices;
        }
        List<DeviceInfo> now = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            DeviceInfo d = devices.get(i);
            nvmlDevice_st handle = handles.get(i);
            long free = -1;
            if (handle != null && nvmlDeviceGetMemoryInfo(handle, memoryInfo) == NVML_SUCCESS) {
                free = memoryInfo.total() - memoryInfo.used();
            }
            now.add(new DeviceInfo(d.kind(), d.index(), d.name(), d.computeCapability(), d.cores(),
                    d.totalMemoryBytes(), free));
        }
        return now;
    }

    /** NVML's used figure for the device: one driver call under this object's lock. */
    @Override
    public synchronized long freeMemoryBytes(int index) {
        if (closed || index < 0 || index >= devices.size()) {
            return -1;
        }
        nvmlDevice_st handle = handles.get(index);
        try {
            return handle != null && nvmlDeviceGetMemoryInfo(handle, memoryInfo) == NVML_SUCCESS
                    ? memoryInfo.total() - memoryInfo.used() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public synchronized List<DeviceReading> readings() {
        List<DeviceReading> readings = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            nvmlDevice_st handle = closed ? null : handles.get(i);
            if (handle == null) {
                readings.add(DeviceReading.unknown(kind(), i));
                continue;
            }
            try {
                readings.add(read(i, handle));
            } catch (RuntimeException e) {
                readings.add(DeviceReading.unknown(kind(), i));
            }
        }
        return readings;
    }

    /** One device's NVML figures; each that fails (not supported on this board) stays unknown. */
    private DeviceReading read(int index, nvmlDevice_st handle) {
        double busy = Double.NaN;
        double bandwidth = Double.NaN;
        if (nvmlDeviceGetUtilizationRates(handle, utilization) == NVML_SUCCESS) {
            busy = utilization.gpu() / 100.0;
            bandwidth = utilization.memory() / 100.0;
        }
        double own = processShare.read(index, handle);   // NaN on its own failure: the other figures stand
        long used = nvmlDeviceGetMemoryInfo(handle, memoryInfo) == NVML_SUCCESS ? memoryInfo.used() : -1;
        double temperature = nvmlDeviceGetTemperature(handle, NVML_TEMPERATURE_GPU, scratch) == NVML_SUCCESS
                ? scratch[0] : Double.NaN;
        double watts = nvmlDeviceGetPowerUsage(handle, scratch) == NVML_SUCCESS
                ? (scratch[0] & 0xffffffffL) / 1000.0 : Double.NaN; // milliwatts, unsigned
        return new DeviceReading(kind(), index, busy, own, used, bandwidth, temperature, watts);
    }

    @Override
    public HostMemory hostMemory() {
        return memory;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The page-locked buffers are the staging pool's to free: it frees the idle ones when it closes (before
        // this) and each lent one when its batch gives it back. Freeing those here would pull the memory from
        // under a batch still in flight.
        processShare.release();
        if (nvmlStarted) {
            nvmlShutdown();
        }
    }

    static String errorText(int status) {
        try {
            return cudaGetErrorString(status).getString() + " (" + status + ")";
        } catch (RuntimeException | LinkageError e) {
            return "CUDA error " + status;
        }
    }

    /** Why loading the presets failed, in the words a user can act on. */
    static String loadFailure(Throwable t) {
        if (t instanceof NoClassDefFoundError) {
            return "the JavaCPP CUDA classes are missing from perf-agent.jar: " + t.getMessage();
        }
        // JavaCPP reports "no jnicudart in java.library.path"; the dynamic linker's reason is in the causes.
        StringBuilder chain = new StringBuilder();
        for (Throwable c = t; c != null && chain.length() < 4096; c = c.getCause() == c ? null : c.getCause()) {
            chain.append(c.getMessage()).append('\n');
        }
        String message = chain.toString();
        if (message.contains("libcuda.so")) {
            return "no NVIDIA driver: libcuda.so.1 not found";
        }
        if (message.contains("libcudart")) {
            return "no CUDA runtime: libcudart.so.13 not found (install the CUDA 13 runtime or add it to"
                    + " LD_LIBRARY_PATH)";
        }
        if (message.startsWith("no jnicudart")) {
            return "perf-agent.jar has no CUDA JNI library for " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + " (linux-x86_64 only)";
        }
        return AcceleratorSelection.oneLine(t);
    }

    private static String mismatch(int driver, int runtime) {
        return "library version mismatch: the driver supports CUDA " + version(driver) + ", the presets need the CUDA "
                + version(runtime) + " runtime (update the driver)";
    }

    /** CUDA's version integer (13030) as text (13.3). */
    static String version(int encoded) {
        return String.format(Locale.ROOT, "%d.%d", encoded / 1000, encoded % 1000 / 10);
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
