package dev.perfagent.agent.cli;

import picocli.CommandLine;

/** {@code --version}: the Implementation-Version of perf-agent.jar. */
final class CliVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Package pkg = CliVersion.class.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return new String[] {"perf-agent " + (version == null ? "dev" : version),
                "Java " + System.getProperty("java.version")};
    }
}
