package dev.perfagent.agent.advise.sites;

import java.util.List;
import java.util.Optional;

/**
 * The agent's own sites over one window, for the {@link SiteAdvisor}: one {@link SiteWindow} per woven site,
 * and the accelerator's devices over the same window.
 *
 * @param lengthNanos the window's length
 * @param sites the sites, in id order
 * @param devices the accelerator's devices (the CPU on the CPU accelerator); empty before one is chosen
 */
public record SiteEvidence(long lengthNanos, List<SiteWindow> sites, List<DeviceFigures> devices) {
    /** Copies the lists. */
    public SiteEvidence {
        sites = List.copyOf(sites);
        devices = List.copyOf(devices);
    }

    /** A window without device readings. */
    public SiteEvidence(long lengthNanos, List<SiteWindow> sites) {
        this(lengthNanos, sites, List.of());
    }

    /**
     * The device batches are taken to run on: the accelerator's first (CUDA device 0, ONNX Runtime's default;
     * the CPU on the CPU accelerator). The agent cannot see which device a model's session uses.
     */
    public Optional<DeviceFigures> batchDevice() {
        return devices.isEmpty() ? Optional.empty() : Optional.of(devices.get(0));
    }
}
