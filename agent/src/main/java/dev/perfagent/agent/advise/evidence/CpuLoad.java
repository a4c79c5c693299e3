package dev.perfagent.agent.advise.evidence;

/**
 * The window's {@code jdk.CPULoad} readings, averaged; each a fraction of the whole machine (0..1).
 *
 * @param readings how many readings
 * @param jvmUser mean user CPU of the JVM
 * @param jvmSystem mean system CPU of the JVM
 * @param machineTotal mean CPU of the whole machine, the JVM included
 */
public record CpuLoad(int readings, double jvmUser, double jvmSystem, double machineTotal) {
    /** No readings. */
    public static final CpuLoad NONE = new CpuLoad(0, 0, 0, 0);

    /** Mean CPU of the JVM, user plus system. */
    public double jvm() {
        return jvmUser + jvmSystem;
    }
}
