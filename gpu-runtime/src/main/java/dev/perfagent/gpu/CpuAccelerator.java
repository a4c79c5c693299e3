package dev.perfagent.gpu;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU as a device: the cores this JVM may use (container limits included, as
 * {@link Runtime#availableProcessors()} reports them) and physical memory. NUMA-blind. Its readings
 * carry the OS's recent CPU load as utilisation, this JVM's own share of it as the process's utilisation,
 * and the memory in use; bandwidth, temperature and power are unknown ({@code NaN}). Loads nothing native.
 */
public final class CpuAccelerator implements Accelerator {
    private final String model = cpuModel();
    private final HostMemory memory = new DirectHostMemory();

    @Override
    public String kind() {
        return "cpu";
    }

    @Override
    public List<DeviceInfo> devices() {
        long[] memoryNow = memory();
        return List.of(new DeviceInfo(kind(), 0, model, "", Runtime.getRuntime().availableProcessors(),
                memoryNow[0], memoryNow[1]));
    }

    @Override
    public List<DeviceReading> readings() {
        long[] memoryNow = memory();
        double load = Double.NaN;
        double own = Double.NaN;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
            // The JDK's figures for the whole machine (or container) and for this JVM: negative until they
            // have two samples.
            load = ratio(sun.getCpuLoad());
            own = ratio(sun.getProcessCpuLoad());
        }
        long used = memoryNow[0] > 0 ? memoryNow[0] - memoryNow[1] : -1;
        return List.of(new DeviceReading(kind(), 0, load, own, used, Double.NaN, Double.NaN, Double.NaN));
    }

    @Override
    public HostMemory hostMemory() {
        return memory;
    }

    @Override
    public void close() {
        // Nothing held.
    }

    /** The JDK's load figure, NaN where it says "not available" with a negative value. */
    private static double ratio(double load) {
        return load < 0 ? Double.NaN : load;
    }

    /** Total and free physical memory, zeros where the JDK does not tell. */
    private static long[] memory() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
            return new long[] {sun.getTotalMemorySize(), sun.getFreeMemorySize()};
        }
        return new long[] {0, 0};
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
