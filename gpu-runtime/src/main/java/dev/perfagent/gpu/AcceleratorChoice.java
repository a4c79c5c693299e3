package dev.perfagent.gpu;

import java.util.Objects;

/**
 * The accelerator the agent uses, and why.
 *
 * @param accelerator the chosen accelerator
 * @param mode what was asked for ({@code gpu.mode})
 * @param reason one line: why this one, e.g. {@code "no CUDA runtime: libcudart.so.13 not found"}
 * @param fellBack true when CUDA was asked for or tried and the CPU was taken instead
 */
public record AcceleratorChoice(Accelerator accelerator, GpuMode mode, String reason, boolean fellBack) {

    /** Checks the arguments. */
    public AcceleratorChoice {
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
    }
}
