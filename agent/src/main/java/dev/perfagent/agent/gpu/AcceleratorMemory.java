package dev.perfagent.agent.gpu;

import dev.perfagent.agent.layer.batch.DeviceMemory;
import dev.perfagent.gpu.AcceleratorChoice;
import dev.perfagent.gpu.DeviceInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The batch layers' view of device memory, bound late: the accelerator is chosen on its own thread after the
 * sites exist, and a reload may replace it, so every read asks the {@link AcceleratorRuntime} of the moment.
 * Memory-aware batching is on only where that runtime drives CUDA devices: the batches are taken to run on
 * device 0 (the agent cannot see which device a model's session uses; ONNX Runtime's CUDA provider defaults to
 * 0). On the CPU accelerator it stays off and says why.
 */
public final class AcceleratorMemory implements DeviceMemory {
    private static final int DEVICE = 0;

    private final Supplier<AcceleratorRuntime> runtime;

    /** @param runtime the accelerator runtime now, or null while there is none */
    public AcceleratorMemory(Supplier<AcceleratorRuntime> runtime) {
        this.runtime = runtime;
    }

    @Override
    public String offReason() {
        AcceleratorRuntime now = runtime.get();
        if (now == null) {
            return "gpu telemetry is off";
        }
        Optional<AcceleratorChoice> choice = now.choice();
        if (choice.isEmpty()) {
            return "the accelerator is being chosen";
        }
        String kind = choice.get().accelerator().kind();
        if (!"cuda".equals(kind)) {
            return "the " + kind + " accelerator reports no device memory for the model";
        }
        return now.devices().isEmpty() ? "no device" : null;
    }

    @Override
    public long freeBytes() {
        AcceleratorRuntime now = runtime.get();
        Optional<AcceleratorChoice> choice = now == null ? Optional.empty() : now.choice();
        return choice.isEmpty() ? -1 : choice.get().accelerator().freeMemoryBytes(DEVICE);
    }

    @Override
    public long totalBytes() {
        AcceleratorRuntime now = runtime.get();
        List<DeviceInfo> devices = now == null ? List.of() : now.devices();
        return devices.isEmpty() ? -1 : devices.get(DEVICE).totalMemoryBytes();
    }

    @Override
    public double headroomPercent() {
        AcceleratorRuntime now = runtime.get();
        return now == null ? DeviceMemory.NONE.headroomPercent() : now.memoryHeadroomPercent();
    }
}
