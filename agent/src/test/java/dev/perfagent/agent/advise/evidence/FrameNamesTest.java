package dev.perfagent.agent.advise.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameNamesTest {
    /** Native code async-profiler could not resolve to a symbol: it writes the library's path. */
    @ParameterizedTest
    @CsvSource({
        "/tmp/jre25/lib/server/libjvm.so, libjvm.so",
        "/usr/lib/x86_64-linux-gnu/libc.so.6, libc.so.6",
        "/usr/local/nvidia/lib64/libcuda.so.580.159.04, libcuda.so.580.159.04",
        "/tmp/onnxruntime-java123/libonnxruntime.so, libonnxruntime.so",
        "/tmp/onnxruntime-java7357778980279907078/libonnxruntime.so, libonnxruntime.so",
        "lib64/libfoo.so.1, libfoo.so.1",
        "libc.so.6, libc.so.6",
        "/usr/lib/x86_64-linux-gnu/libc.so.6_[k], libc.so.6",
    })
    void aLibrarysPathIsNamedByTheLibrary(String frame, String library) {
        String name = FrameNames.ofCollapsed(frame);
        assertEquals(library, name);
        assertTrue(FrameNames.isNativeLibrary(name), name);
        assertFalse(FrameNames.isJavaMethod(name), name);
        assertEquals(library, FrameNames.ofNative(FrameNames.stripSuffix(frame)));
    }

    @ParameterizedTest
    @CsvSource({
        "java/util/HashMap.get_[j], java.util.HashMap#get",
        "app/Model.score_[j], app.Model#score",
        "java/lang/String.<init>(Ljava/lang/String;)V_[j], java.lang.String#<init>",
        "Java_ai_onnxruntime_OrtSession_run, Java_ai_onnxruntime_OrtSession_run",
        "thread_native_entry(Thread*), thread_native_entry",
    })
    void javaAndSymbolisedFramesAreNamedAsBefore(String frame, String name) {
        assertEquals(name, FrameNames.ofCollapsed(frame));
        assertFalse(FrameNames.isNativeLibrary(name), name);
    }

    @Test
    void aJavaMethodIsNoLibrary() {
        assertFalse(FrameNames.isNativeLibrary("java.util.HashMap#get"));
        assertFalse(FrameNames.isNativeLibrary("app.Codec#so")); // once named, a method named "so" stays a method
    }

    @Test
    void theApplicationFrameSkipsTheJdkAndTheAgent() {
        assertEquals("app.Model#score", FrameNames.firstApplicationFrame(List.of("java.util.Arrays#copyOf",
                "dev.perfagent.agent.layer.LayerChain#enter", "dev.perfagent.bootstrap.Hooks#enter",
                "app.Model#score", "app.Server#handle")));
        // the agent's own thread: its frame, which the detectors leave out
        assertEquals("dev.perfagent.agent.report.Exporter#flush", FrameNames.firstApplicationFrame(List.of(
                "java.util.Arrays#copyOf", "dev.perfagent.agent.report.Exporter#flush", "java.lang.Thread#run")));
        assertEquals("java.util.Arrays#copyOf", FrameNames.firstApplicationFrame(List.of("java.util.Arrays#copyOf",
                "java.lang.Thread#run")));
        assertEquals("dev.perfagent.sample.inference.OnnxMlpModel#score", FrameNames.firstApplicationFrame(List.of(
                "java.util.Arrays#copyOf", "dev.perfagent.sample.inference.OnnxMlpModel#score")));
    }

    @Test
    void aWaitIsTheAgentsWhenTheAgentsCodeWaits() {
        assertTrue(FrameNames.waitsInAgent(List.of("jdk.internal.misc.Unsafe#park",
                "java.util.concurrent.locks.LockSupport#park", "dev.perfagent.agent.layer.batch.Batcher#await",
                "dev.perfagent.bootstrap.Hooks#enter", "app.Model#score")));
        assertFalse(FrameNames.waitsInAgent(List.of("jdk.internal.misc.Unsafe#park",
                "java.util.concurrent.locks.LockSupport#park", "app.Pool#borrow",
                "dev.perfagent.bootstrap.Hooks#enter", "app.Model#score")));
        assertFalse(FrameNames.waitsInAgent(List.of()));
    }
}
