package dev.perfagent.gpu;

/**
 * Chooses the accelerator for a {@link GpuMode}: {@code off} takes the CPU without loading anything
 * native; {@code auto} and {@code cuda} try the {@link CudaProbe} and fall back to the CPU with a
 * one-line reason when it fails, however it fails ({@link LinkageError}s from native loading included).
 * Never throws. The probe may take seconds (driver start-up): call this on a background thread, never
 * on the application's start-up path.
 */
public final class AcceleratorSelection {

    private AcceleratorSelection() {
    }

    /**
     * @param mode what the config asks for
     * @param probe how CUDA is loaded
     * @return the choice; its accelerator is open and belongs to the caller, who closes it
     */
    public static AcceleratorChoice choose(GpuMode mode, CudaProbe probe) {
        if (mode == GpuMode.OFF) {
            return new AcceleratorChoice(new CpuAccelerator(), mode, "gpu.mode is off: the CPU, nothing native loaded",
                    false);
        }
        String why;
        try {
            Accelerator cuda = probe.open();
            int devices = cuda.devices().size();
            return new AcceleratorChoice(cuda, mode, "CUDA: " + devices + " device(s)", false);
        } catch (AcceleratorUnavailableException e) {
            why = e.getMessage();
        } catch (Throwable t) {
            // Native loading fails with UnsatisfiedLinkError or NoClassDefFoundError; anything else is
            // also a reason to stay on the CPU, never a reason to take the host down.
            why = oneLine(t);
        }
        return new AcceleratorChoice(new CpuAccelerator(), mode, "no CUDA (" + why + "): the CPU instead", true);
    }

    /** A throwable as one line: its class and first message line, no stack. */
    static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return t.getClass().getSimpleName() + ": " + first.trim();
    }
}
