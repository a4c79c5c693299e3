package dev.perfagent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuAcceleratorTest {
    @Test
    void describesTheCoresAndMemoryThisJvmSees() {
        List<DeviceInfo> devices = new CpuAccelerator().devices();
        assertEquals(1, devices.size());
        DeviceInfo cpu = devices.get(0);
        assertEquals("cpu", cpu.kind());
        assertEquals("", cpu.computeCapability());
        assertEquals(Runtime.getRuntime().availableProcessors(), cpu.cores());
        assertFalse(cpu.name().isBlank());
        assertTrue(cpu.totalMemoryBytes() > 0 && cpu.freeMemoryBytes() <= cpu.totalMemoryBytes(), cpu.toString());
    }

    @Test
    void readsTheMachinesAndTheProcesssLoadAndMemoryAndLeavesTheRestUnknown() {
        CpuAccelerator cpu = new CpuAccelerator();
        DeviceReading reading = cpu.readings().get(0);
        assertEquals("cpu", reading.kind());
        assertEquals(0, reading.index());
        assertTrue(Double.isNaN(reading.utilization())
                || reading.utilization() >= 0 && reading.utilization() <= 1, reading.toString());
        assertTrue(Double.isNaN(reading.processUtilization())
                || reading.processUtilization() >= 0 && reading.processUtilization() <= 1, reading.toString());
        long total = cpu.devices().get(0).totalMemoryBytes();
        assertTrue(reading.memoryUsedBytes() > 0 && reading.memoryUsedBytes() <= total, reading.toString());
        assertTrue(Double.isNaN(reading.memoryBandwidthUse()));
        assertTrue(Double.isNaN(reading.temperatureCelsius()));
        assertTrue(Double.isNaN(reading.powerWatts()));
    }

    @Test
    void thisProcesssShareOfTheCpuRisesWhileItComputes() {
        CpuAccelerator cpu = new CpuAccelerator();
        cpu.readings();   // the JDK's first figure only starts its count
        long until = System.nanoTime() + 300_000_000L;
        long spins = 0;
        while (System.nanoTime() < until) {
            spins++;
        }
        DeviceReading reading = cpu.readings().get(0);
        assertTrue(reading.processUtilization() > 0 && reading.processUtilization() <= 1,
                reading + " after " + spins + " spins");
    }

    @Test
    void stagesInDirectBuffers() {
        HostMemory memory = new CpuAccelerator().hostMemory();
        assertEquals("direct", memory.kind());
        ByteBuffer buffer = memory.allocate(4096);
        assertTrue(buffer.isDirect());
        assertEquals(4096, buffer.capacity());
        memory.free(buffer);
    }

    @Test
    void usableMemoryKeepsTheHeadroomFree() {
        DeviceInfo device = new DeviceInfo("cuda", 0, "test board", "9.0", 132, 1000, 600);
        assertEquals(500, device.usableMemoryBytes(10));
        assertEquals(600, device.usableMemoryBytes(0));
        assertEquals(0, device.usableMemoryBytes(80));
    }
}
