package dev.perfagent.agent.advise.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.gpu.DeviceInfo;
import dev.perfagent.gpu.DeviceReading;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeviceWindowTest {
    private static final List<DeviceInfo> GPU = List.of(new DeviceInfo("cuda", 0, "H100", "9.0", 132, 80L << 30, 0));

    private static DeviceReading reading(double busy, long used) {
        return reading(busy, Double.NaN, used);
    }

    private static DeviceReading reading(double busy, double processBusy, long used) {
        return new DeviceReading("cuda", 0, busy, processBusy, used, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void averagesTheBusyRatioAndKeepsThePeakMemoryOfTheWindow() {
        AtomicReference<List<DeviceReading>> now = new AtomicReference<>();
        DeviceWindow window = new DeviceWindow(() -> GPU, now::get);
        now.set(List.of(reading(0.2, 10)));
        window.sample();
        now.set(List.of(reading(Double.NaN, 30)));   // a reading without utilisation does not count as idle
        window.sample();
        now.set(List.of(reading(0.6, 20)));
        window.sample();
        DeviceFigures d = window.close().get(0);
        assertEquals(0.4, d.busyRatio(), 1e-9);
        assertEquals(30, d.memoryUsedBytes());
        assertEquals(80L << 30, d.memoryTotalBytes());
        assertEquals(3, d.samples());

        now.set(List.of(reading(0.9, 5)));
        DeviceFigures next = window.close().get(0);
        assertEquals(0.9, next.busyRatio(), 1e-9, "a window without samples reads once at its close");
        assertEquals(5, next.memoryUsedBytes());
    }

    @Test
    void averagesThisProcesssShareOverTheReadingsThatTellIt() {
        AtomicReference<List<DeviceReading>> now = new AtomicReference<>();
        DeviceWindow window = new DeviceWindow(() -> GPU, now::get);
        now.set(List.of(reading(0.5, 0.1, 10)));
        window.sample();
        now.set(List.of(reading(0.5, Double.NaN, 10)));   // NVML could not tell: not counted as 0
        window.sample();
        now.set(List.of(reading(0.5, 0.3, 10)));
        window.sample();
        DeviceFigures d = window.close().get(0);
        assertEquals(0.2, d.processBusyRatio(), 1e-9);
        assertEquals(0.5, d.busyRatio(), 1e-9);

        now.set(List.of(reading(0.5, Double.NaN, 10)));
        window.sample();
        assertTrue(Double.isNaN(window.close().get(0).processBusyRatio()), "no reading told: unknown");
        now.set(List.of(reading(0.0, 0.0, 10)));
        assertEquals(0.0, window.close().get(0).processBusyRatio(), "the new window starts from nothing");
    }

    @Test
    void beforeTheAcceleratorIsChosenThereAreNoDevices() {
        assertTrue(DeviceWindow.NONE.close().isEmpty());
    }

    @Test
    void labelsSayWhichDeviceItIs() {
        assertEquals("GPU cuda0 (H100)", new DeviceFigures("cuda", 0, "H100", 0.5, 0.5, 1, 2, 1).label());
        assertEquals("the CPU (Xeon)", new DeviceFigures("cpu", 0, "Xeon", 0.5, 0.1, 1, 2, 1).label());
    }
}
