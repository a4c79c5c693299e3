package dev.perfagent.agent;

/** The version of this perf-agent build, from the jar manifest. */
final class AgentVersion {
    static final String VALUE = version();

    private AgentVersion() {
    }

    private static String version() {
        String fromManifest = AgentVersion.class.getPackage() == null ? null
                : AgentVersion.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "dev";
    }
}
