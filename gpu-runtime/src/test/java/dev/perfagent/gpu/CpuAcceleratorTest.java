package dev.perfagent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuAcceleratorTest {
    @Test
    void describesTheCoresAndMemoryThisJvmSees() {
        List<DeviceInfo> devices = new CpuAccelerator().devices();
        assertEquals(1, devices.size());
        DeviceInfo cpu = devices.get(0);
        assertEquals("cpu", cpu.kind());
        assertEquals(Runtime.getRuntime().availableProcessors(), cpu.cores());
        assertFalse(cpu.name().isBlank());
        assertTrue(cpu.totalMemoryBytes() > 0 && cpu.freeMemoryBytes() <= cpu.totalMemoryBytes(), cpu.toString());
    }
}
