package dev.perfagent.agent;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OTLP resource attributes of this agent's pushes: who is speaking. {@code service.name} is the
 * config's {@code service}, {@code service.instance.id} this JVM ({@code pid@host}, stable for its life),
 * {@code telemetry.distro.*} name perf-agent (the {@code telemetry.sdk.*} attributes are Micrometer's, which
 * builds the pushes); attributes given in {@code export.otlp.resource} win.
 */
final class OtlpResource {

    private OtlpResource() {
    }

    static Map<String, String> attributes(String service, Map<String, String> configured) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("service.name", service);
        attributes.put("service.instance.id", instanceId());
        attributes.put("telemetry.distro.name", "perf-agent");
        attributes.put("telemetry.distro.version", AgentVersion.VALUE);
        attributes.putAll(configured);
        return attributes;
    }

    /** {@code pid@host}, as the JVM names itself; the pid alone if that name cannot be had. */
    private static String instanceId() {
        try {
            return ManagementFactory.getRuntimeMXBean().getName();
        } catch (RuntimeException | LinkageError e) {
            return Long.toString(ProcessHandle.current().pid());
        }
    }
}
