package dev.perfagent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcceleratorSelectionTest {

    @Test
    void offTakesTheCpuWithoutTryingCuda() {
        AtomicInteger tries = new AtomicInteger();
        AcceleratorChoice choice = AcceleratorSelection.choose(GpuMode.OFF, () -> {
            tries.incrementAndGet();
            throw new AssertionError("must not be called");
        });
        assertEquals("cpu", choice.accelerator().kind());
        assertEquals(0, tries.get());
        assertFalse(choice.fellBack());
    }

    @Test
    void autoFallsBackWithTheProbesReason() {
        AcceleratorChoice choice = AcceleratorSelection.choose(GpuMode.AUTO, () -> {
            throw new AcceleratorUnavailableException("no CUDA device (driver for CUDA 13.0)");
        });
        assertEquals("cpu", choice.accelerator().kind());
        assertTrue(choice.fellBack());
        assertEquals("no CUDA (no CUDA device (driver for CUDA 13.0)): the CPU instead", choice.reason());
    }

    @Test
    void aLinkageErrorFromNativeLoadingIsOneLineAndNeverEscapes() {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib\nsecond line");
        AcceleratorChoice choice = AcceleratorSelection.choose(GpuMode.CUDA, () -> {
            throw error;
        });
        assertEquals("cpu", choice.accelerator().kind());
        assertEquals(GpuMode.CUDA, choice.mode());
        assertEquals("no CUDA (UnsatisfiedLinkError: no jnicudart in java.library.path: /usr/lib): the CPU instead",
                choice.reason());
        assertFalse(choice.reason().contains("\n"));
    }

    @Test
    void anyOtherThrowableAlsoFallsBack() {
        AcceleratorChoice classes = AcceleratorSelection.choose(GpuMode.AUTO, () -> {
            throw new NoClassDefFoundError("org/bytedeco/javacpp/Loader");
        });
        assertTrue(classes.reason().contains("NoClassDefFoundError: org/bytedeco/javacpp/Loader"), classes.reason());
        AcceleratorChoice bare = AcceleratorSelection.choose(GpuMode.AUTO, () -> {
            throw new IllegalStateException();
        });
        assertEquals("no CUDA (java.lang.IllegalStateException): the CPU instead", bare.reason());
    }

    @Test
    void anOpenedAcceleratorIsTaken() {
        Accelerator opened = new Accelerator() {
            @Override
            public String kind() {
                return "test";
            }

            @Override
            public List<DeviceInfo> devices() {
                return List.of(new DeviceInfo("test", 0, "test double", "1.0", 1, 1, 1),
                        new DeviceInfo("test", 1, "test double", "1.0", 1, 1, 1));
            }

            @Override
            public List<DeviceReading> readings() {
                return List.of(DeviceReading.unknown("test", 0), DeviceReading.unknown("test", 1));
            }

            @Override
            public HostMemory hostMemory() {
                return new DirectHostMemory();
            }

            @Override
            public void close() {
            }
        };
        AcceleratorChoice choice = AcceleratorSelection.choose(GpuMode.AUTO, () -> opened);
        assertSame(opened, choice.accelerator());
        assertEquals("CUDA: 2 device(s)", choice.reason());
        assertFalse(choice.fellBack());
    }

    @Test
    void loadFailuresNameWhatIsMissing() {
        UnsatisfiedLinkError noDriver = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        noDriver.initCause(new UnsatisfiedLinkError(
                "/root/.javacpp/cache/libjnicudart.so: libcuda.so.1: cannot open shared object file"));
        assertEquals("no NVIDIA driver: libcuda.so.1 not found", CudaAccelerator.loadFailure(noDriver));
        UnsatisfiedLinkError noRuntime = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        noRuntime.initCause(new UnsatisfiedLinkError(
                "/tmp/libjnicudart.so: libcudart.so.13: cannot open shared object file"));
        assertTrue(CudaAccelerator.loadFailure(noRuntime).startsWith("no CUDA runtime: libcudart.so.13 not found"));
        assertTrue(CudaAccelerator.loadFailure(new UnsatisfiedLinkError("no jnicudart in java.library.path: /x"))
                .startsWith("perf-agent.jar has no CUDA JNI library for "));
        assertEquals("13.3", CudaAccelerator.version(13030));
        assertEquals("12.9", CudaAccelerator.version(12090));
    }

    /** The real probe on whatever this machine has: CUDA with devices, or the CPU with a one-line reason. */
    @Test
    void theRealProbeEndsSomewhereUsable() {
        AcceleratorChoice choice = AcceleratorSelection.choose(GpuMode.AUTO, CudaProbe.JAVACPP);
        try {
            assertFalse(choice.reason().contains("\n"), choice.reason());
            if (choice.fellBack()) {
                assertEquals("cpu", choice.accelerator().kind());
                assertTrue(choice.reason().startsWith("no CUDA ("), choice.reason());
            } else {
                assertEquals("cuda", choice.accelerator().kind());
                assertFalse(choice.accelerator().devices().isEmpty());
                assertEquals(choice.accelerator().devices().size(), choice.accelerator().readings().size());
            }
        } finally {
            choice.accelerator().close();
        }
    }
}
