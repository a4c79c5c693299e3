package dev.perfagent.gpu;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU as a device: the cores this JVM may use (container limits included, as
 * {@link Runtime#availableProcessors()} reports them) and physical memory. NUMA-blind.
 */
public final class CpuAccelerator implements Accelerator {
    private final String model = cpuModel();

    @Override
    public String kind() {
        return "cpu";
    }

    @Override
    public List<DeviceInfo> devices() {
        long total = 0;
        long free = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            total = os.getTotalMemorySize();
            free = os.getFreeMemorySize();
        }
        return List.of(new DeviceInfo(kind(), 0, model, Runtime.getRuntime().availableProcessors(), total, free));
    }

    /** The "model name" of /proc/cpuinfo where there is one, else the OS architecture. */
    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse(System.getProperty("os.arch"));
            } catch (IOException | RuntimeException e) {
                // Fall through to the architecture name.
            }
        }
        return System.getProperty("os.arch");
    }
}
