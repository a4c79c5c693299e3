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
     * The device batches are taken to run on: the accelerator's first that this process was seen using in the
     * window ({@link DeviceFigures#runsThisProcess()}: the first GPU with work of this process on it, CUDA device
     * 0 being ONNX Runtime's default; the CPU on the CPU accelerator). The agent cannot see which device a model's
     * session uses, only which GPUs this process keeps busy. Empty where no GPU qualifies: a model on the CPU of a
     * GPU host has no batch device, and the detectors that need one say nothing rather than blame an idle GPU.
     */
    public Optional<DeviceFigures> batchDevice() {
        return devices.stream().filter(DeviceFigures::runsThisProcess).findFirst();
    }
}
