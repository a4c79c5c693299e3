package dev.perfagent.gpu;

/** Which accelerator the agent asks for ({@code gpu.mode}). */
public enum GpuMode {
    /** CUDA where it loads and finds a device, else the CPU, with one line that says why. */
    AUTO,
    /** CUDA; where it cannot be used the agent still falls back to the CPU, but says so as an error. */
    CUDA,
    /** The CPU only: nothing native is loaded. */
    OFF
}
