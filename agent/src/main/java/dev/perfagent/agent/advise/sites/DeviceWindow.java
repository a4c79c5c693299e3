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
 * (mean busy ratio, this process's mean share of it, peak memory in use) and starts a new window. A window
 * without a sample takes one at its close. Synchronized; meant for the control thread.
 */
public final class DeviceWindow {
    /** No accelerator: every window is empty. */
    public static final DeviceWindow NONE = new DeviceWindow(List::of, List::of);

    private final Supplier<List<DeviceInfo>> devices;
    private final Supplier<List<DeviceReading>> readings;
    private Mean[] busy = new Mean[0];
    private Mean[] processBusy = new Mean[0];
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
            busy = Mean.array(now.size());
            processBusy = Mean.array(now.size());
            peakUsed = new long[now.size()];
            Arrays.fill(peakUsed, -1);
            samples = 0;
        }
        for (int i = 0; i < now.size(); i++) {
            DeviceReading r = now.get(i);
            busy[i].add(r.utilization());
            processBusy[i].add(r.processUtilization());
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
            figures.add(new DeviceFigures(d.kind(), d.index(), d.name(), busy[i].value(), processBusy[i].value(),
                    peakUsed[i], d.totalMemoryBytes(), samples));
        }
        for (int i = 0; i < busy.length; i++) {
            busy[i].clear();
            processBusy[i].clear();
        }
        Arrays.fill(peakUsed, -1);
        samples = 0;
        return figures;
    }

    /** The mean of a window's finite readings of one figure: a reading that does not tell does not count as 0. */
    private static final class Mean {
        private double sum;
        private int count;

        static Mean[] array(int size) {
            Mean[] means = new Mean[size];
            for (int i = 0; i < size; i++) {
                means[i] = new Mean();
            }
            return means;
        }

        void add(double value) {
            if (Double.isFinite(value)) {
                sum += value;
                count++;
            }
        }

        double value() {
            return count == 0 ? Double.NaN : sum / count;
        }

        void clear() {
            sum = 0;
            count = 0;
        }
    }
}
