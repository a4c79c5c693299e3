package dev.perfagent.agent.advise.sites;

import dev.perfagent.gpu.DeviceInfo;
import dev.perfagent.gpu.DeviceReading;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Accumulates the accelerator's readings over one advice window: {@link #sample()} (about once a second, on
 * the control thread) adds the devices' last readings, {@link #close()} turns them into {@link DeviceFigures}
 * (mean busy ratio, peak memory in use) and starts a new window. A window without a sample takes one at its
 * close. Synchronized; meant for the control thread.
 */
public final class DeviceWindow {
    /** No accelerator: every window is empty. */
    public static final DeviceWindow NONE = new DeviceWindow(List::of, List::of);

    private final Supplier<List<DeviceInfo>> devices;
    private final Supplier<List<DeviceReading>> readings;
    private double[] busySum = new double[0];
    private int[] busyCount = new int[0];
    private long[] peakUsed = new long[0];
    private int samples;

    /**
     * @param devices  the devices now (empty before the accelerator is chosen)
     * @param readings their last readings, in the same order
     */
    public DeviceWindow(Supplier<List<DeviceInfo>> devices, Supplier<List<DeviceReading>> readings) {
        this.devices = devices;
        this.readings = readings;
    }

    /** Adds the devices' last readings to the window. */
    public synchronized void sample() {
        List<DeviceReading> now = readings.get();
        if (now.size() != peakUsed.length) {
            busySum = new double[now.size()];
            busyCount = new int[now.size()];
            peakUsed = new long[now.size()];
            Arrays.fill(peakUsed, -1);
            samples = 0;
        }
        for (int i = 0; i < now.size(); i++) {
            DeviceReading r = now.get(i);
            if (Double.isFinite(r.utilization())) {
                busySum[i] += r.utilization();
                busyCount[i]++;
            }
            peakUsed[i] = Math.max(peakUsed[i], r.memoryUsedBytes());
        }
        samples++;
    }

    /** The devices over the window now ending; a new window begins. */
    public synchronized List<DeviceFigures> close() {
        if (samples == 0) {
            sample();
        }
        List<DeviceInfo> infos = devices.get();
        List<DeviceFigures> figures = new ArrayList<>(infos.size());
        for (int i = 0; i < infos.size() && i < peakUsed.length; i++) {
            DeviceInfo d = infos.get(i);
            figures.add(new DeviceFigures(d.kind(), d.index(), d.name(),
                    busyCount[i] == 0 ? Double.NaN : busySum[i] / busyCount[i], peakUsed[i], d.totalMemoryBytes(),
                    samples));
        }
        Arrays.fill(busySum, 0);
        Arrays.fill(busyCount, 0);
        Arrays.fill(peakUsed, -1);
        samples = 0;
        return figures;
    }
}
