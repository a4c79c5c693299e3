package dev.perfagent.agent.config;

import dev.perfagent.gpu.GpuMode;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code gpu} section: which accelerator the agent uses and how it watches it. On by default in
 * {@code auto} mode: CUDA is tried on a background thread, the CPU is the fallback.
 *
 * @param mode                  {@code auto}, {@code cuda} or {@code off}
 * @param period                how often the devices are read (gauges, the JFR event)
 * @param memoryHeadroomPercent the share of a device's memory a batch leaves free
 * @param pinnedPoolMaxBytes    the most host memory the staging buffer pool holds
 */
public record GpuConfig(GpuMode mode, Duration period, double memoryHeadroomPercent, long pinnedPoolMaxBytes) {

    /** Checks the arguments. */
    public GpuConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be > 0: " + period);
        }
        if (!(memoryHeadroomPercent >= 0 && memoryHeadroomPercent < 100)) {
            throw new IllegalArgumentException("memoryHeadroomPercent must be in [0, 100): " + memoryHeadroomPercent);
        }
        if (pinnedPoolMaxBytes < 0) {
            throw new IllegalArgumentException("pinnedPoolMaxBytes must be >= 0: " + pinnedPoolMaxBytes);
        }
    }

    /** auto, every second, 10% headroom, a 256 MB pool. */
    public static GpuConfig defaults() {
        return new GpuConfig(GpuMode.AUTO, Duration.ofSeconds(1), 10.0, 256L << 20);
    }
}
