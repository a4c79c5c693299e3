package dev.perfagent.agent.report;

import dev.perfagent.agent.advise.evidence.FrameNames;

/**
 * A collapsed frame as the report shows it: a Java frame ({@code java/util/HashMap.get_[j]}) as the
 * recommendations name methods ({@code java.util.HashMap#get}), so a finding and its flame graph read alike;
 * a native or JVM frame as written, without async-profiler's frame-type suffix; native code without a symbol,
 * which async-profiler writes as its library's path, by the library ({@code libjvm.so}).
 */
final class FrameLabel {
    private FrameLabel() {
    }

    static String of(String frame) {
        // Java frames and library paths carry a slash; "libc.so.6" must not become "libc.so#6".
        return frame.indexOf('/') >= 0 ? FrameNames.ofCollapsed(frame) : FrameNames.stripSuffix(frame);
    }
}
