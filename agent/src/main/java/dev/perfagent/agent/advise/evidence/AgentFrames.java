package dev.perfagent.agent.advise.evidence;

import java.util.List;

/**
 * Which frames and classes are perf-agent's own: the packages of its modules ({@code agent/},
 * {@code bootstrap/}, {@code exporters/}, {@code gpu-runtime/}, {@code instrumentation/}), the bootstrap
 * module's exceptions in {@code dev.perfagent} itself, and the dependencies the agent jar relocates under
 * {@code dev.perfagent.shaded}.
 *
 * <p>A user can neither change nor cache that code, so it is never the subject of a profile finding: the
 * time and bytes under it belong to the woven application method that called into the agent. Other
 * packages under {@code dev.perfagent} ({@code dev.perfagent.sample}, {@code dev.perfagent.it}, the
 * benchmarks) are the agent's sample applications and tests: application code, as a user's would be.
 */
public final class AgentFrames {
    private static final String ROOT = "dev.perfagent.";
    private static final List<String> PACKAGES = List.of("dev.perfagent.agent.", "dev.perfagent.bootstrap.",
            "dev.perfagent.export.", "dev.perfagent.gpu.", "dev.perfagent.instrumentation.",
            "dev.perfagent.shaded.");

    private AgentFrames() {
    }

    /**
     * Whether a frame ({@code class#method}) or a class name (dotted, as {@code RecordedClass#getName}
     * spells it) is the agent's own.
     */
    public static boolean isAgent(String frameOrClass) {
        if (frameOrClass == null || !frameOrClass.startsWith(ROOT)) {
            return false;
        }
        for (String prefix : PACKAGES) {
            if (frameOrClass.startsWith(prefix)) {
                return true;
            }
        }
        // CallRejectedException and its kin live in dev.perfagent itself, so a host can catch them by a short name
        return FrameNames.className(frameOrClass).indexOf('.', ROOT.length()) < 0;
    }
}
