package dev.perfagent.gpu;

import java.util.List;

/**
 * A kind of hardware that runs batches: the CPU today; CUDA devices through the JavaCPP presets are
 * the next implementation (loaded lazily, so a host without a GPU loads nothing native).
 */
public interface Accelerator {

    /** Short name, e.g. {@code cpu} or {@code cuda}. */
    String kind();

    /** The devices this accelerator drives, with their current figures. */
    List<DeviceInfo> devices();
}
