package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.AgentFrames;
import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.agent.advise.evidence.EvidenceAccumulator;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotMethodDetectorTest {
    private final HotMethodDetector detector = new HotMethodDetector();

    /** {@code hot} samples in app.Hot#run, the rest of {@code total} spread thinly (under 5% each). */
    private static CpuProfile selfShare(long hot, long total) {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        accumulator.addCpuSample(List.of("app.Hot#run"), hot);
        long rest = total - hot;
        for (int i = 0; rest > 0; i++) {
            long n = Math.min(rest, total / 25);
            accumulator.addCpuSample(List.of("app.Cold" + i + "#run"), n);
            rest -= n;
        }
        return accumulator.snapshot().cpu();
    }

    private List<Recommendation> detect(CpuProfile cpu) {
        return detector.detect(Windows.of(Duration.ofSeconds(60)).withCpu(cpu));
    }

    @Test
    void tooFewSamplesSayNothing() {
        assertTrue(detect(Windows.cpu(49, "app.Hot#run")).isEmpty());
        assertEquals(1, detect(Windows.cpu(50, "app.Hot#run")).size());
    }

    @Test
    void selfShareThresholdIsFivePercent() {
        assertTrue(detect(selfShare(49, 1000)).isEmpty());
        List<Recommendation> found = detect(selfShare(50, 1000));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("app.Hot#run", r.where());
        assertEquals(Severity.INFO, r.severity());
        assertEquals(5.0, r.evidence().get(0).value());
        assertEquals(3.8, r.evidence().get(0).low(), 0.05);
        assertEquals(6.5, r.evidence().get(0).high(), 0.05);
        assertEquals(2.5, r.gain().amount(), 1e-9);
        assertEquals("% CPU", r.gain().unit());
    }

    @Test
    void severityEscalatesOnTheIntervalsLowerEnd() {
        Recommendation forty = detect(selfShare(400, 1000)).get(0);
        assertEquals(Severity.WARNING, forty.severity()); // 40%, but the interval reaches down to 37%
        assertEquals(20.0, forty.gain().amount(), 1e-9);
        assertTrue(forty.gain().formula().contains("1/((1-p)+p/s)"), forty.gain().formula());
        assertTrue(forty.gain().summary().contains("1.25x"), forty.gain().summary());
        assertEquals(Severity.CRITICAL, detect(selfShare(500, 1000)).get(0).severity());
        // the same 50% from only 60 samples is not proof of more than a warning
        assertEquals(Severity.WARNING, detect(selfShare(30, 60)).get(0).severity());
    }

    @Test
    void totalShareNamesTheApplicationMethodThatDoesTheWorkThroughTheJdk() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (int i = 0; i < 10; i++) {
            // 300 samples under Service#handle, spread over JDK leaves of 3% each
            accumulator.addCpuSample(List.of("java.util.Leaf" + i + "#run", "app.Service#handle", "app.Controller#serve",
                    "app.Main#main"), 30);
        }
        for (int i = 0; i < 20; i++) {
            accumulator.addCpuSample(List.of("app.Other" + i + "#run", "app.Main#main"), 35);
        }
        List<Recommendation> found = detect(accumulator.snapshot().cpu());
        assertEquals(1, found.size(), found.toString());
        Recommendation r = found.get(0);
        // Controller#serve only passes the call on; Main#main is the entry point of every sample
        assertEquals("app.Service#handle", r.where());
        assertEquals("total share of CPU samples", r.evidence().get(0).name());
        assertEquals(30.0, r.evidence().get(0).value());
        assertTrue(r.config().contains("match: app.Service#handle(..)"), r.config());
        assertTrue(r.config().contains("cache: { max-size: 10000, ttl: 10m }"), r.config());
    }

    @Test
    void aHotJdkMethodIsTracedToItsApplicationCaller() {
        CpuProfile cpu = Windows.cpu(600, "java.util.HashMap#hash < app.Index#lookup < app.Main#main",
                400, "app.Main#main");
        Recommendation r = detect(cpu).stream().filter(x -> x.where().equals("java.util.HashMap#hash"))
                .findFirst().orElseThrow();
        assertTrue(r.action().contains("mostly called from app.Index#lookup"), r.action());
        assertNull(r.config());
    }

    @Test
    void theApplicationCallerIsFoundThroughJdkFrames() {
        CpuProfile cpu = Windows.cpu(300, "java.util.Arrays#copyOf < java.util.ArrayList#grow < java.util.ArrayList#add"
                + " < app.Orders#collect < app.Main#main", 700, "app.Main#main");
        Recommendation r = detect(cpu).stream().filter(x -> x.where().equals("java.util.Arrays#copyOf"))
                .findFirst().orElseThrow();
        assertTrue(r.action().contains("mostly called from app.Orders#collect"), r.action());
    }

    /**
     * A batch site's callers as seen on the sample inference service: the woven app.Model#score calls into the
     * agent, and the batch runs on the caller's thread under Batcher#await, the agent's frames holding most of
     * the samples, on top and below.
     */
    @Test
    void theAgentsFramesAreNeverTheSubjectAndTheWovenMethodKeepsItsFinding() {
        String woven = " < dev.perfagent.agent.layer.LayerChain#enter < dev.perfagent.bootstrap.Hooks#enter"
                + " < app.Model#score < app.Server#handle < java.lang.Thread#run";
        CpuProfile cpu = Windows.cpu(
                450, "dev.perfagent.agent.layer.batch.onnx.OnnxBatchFunction#apply"
                        + " < dev.perfagent.agent.layer.batch.ViaBatchFunction#apply"
                        + " < dev.perfagent.agent.layer.batch.BatchExecution#attempt"
                        + " < dev.perfagent.agent.layer.batch.Batcher#await" + woven,
                150, "dev.perfagent.agent.layer.batch.Batcher#await" + woven,
                100, "dev.perfagent.shaded.org.jctools.queues.MpscArrayQueue#offer"
                        + " < dev.perfagent.agent.layer.batch.Batcher#submit" + woven,
                100, "app.Other1#run < app.Main#main", 100, "app.Other2#run < app.Main#main",
                100, "app.Other3#run < app.Main#main");
        List<Recommendation> found = detect(cpu);
        for (Recommendation r : found) {
            assertFalse(AgentFrames.isAgent(r.where()), r.toString());
            assertFalse(r.action().contains("dev.perfagent."), r.action());
        }
        Recommendation model = found.stream().filter(r -> r.where().equals("app.Model#score")).findFirst()
                .orElseThrow(() -> new AssertionError(found.toString()));
        assertEquals(70.0, model.evidence().get(0).value(), "every sample under the agent counts for the method");
        assertTrue(model.config().contains("match: app.Model#score(..)"), model.config());
        assertTrue(found.stream().noneMatch(r -> r.where().equals("app.Server#handle")),
                "Server#handle hands its time to Model#score: " + found);
    }

    @Test
    void theAgentsSampleApplicationsAreApplications() {
        String method = "dev.perfagent.sample.inference.OnnxMlpModel#score";
        CpuProfile cpu = Windows.cpu(600, method + " < app.Main#main", 400, "app.Main#main");
        assertEquals(method, detect(cpu).get(0).where());
    }

    /**
     * async-profiler writes native code it has no symbol for as the library's path; such a library on top
     * is reported as native code, never as a Java method ({@code .tmp.jre25.lib.server.libjvm#so}).
     */
    @Test
    void aNativeLibraryOnTopIsReportedAsNativeCodeWithItsJavaCaller() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        for (String line : List.of(
                "java/lang/Thread.run;app/Server.handle;app/Model.score;ai/onnxruntime/OrtSession.run;"
                        + "Java_ai_onnxruntime_OrtSession_run;/tmp/onnxruntime-java123/libonnxruntime.so;"
                        + "/tmp/onnxruntime-java123/libonnxruntime.so 500",
                "start_thread;thread_native_entry(Thread*);/tmp/jre25/lib/server/libjvm.so;"
                        + "/tmp/jre25/lib/server/libjvm.so 200",
                "java/lang/Thread.run;app/Main.loop;/usr/lib/x86_64-linux-gnu/libc.so.6 100",
                "java/lang/Thread.run;app/Gpu.launch;/usr/local/nvidia/lib64/libcuda.so.580.159.04 100",
                "app/Other1.run 50", "app/Other2.run 50")) {
            assertTrue(accumulator.acceptCollapsedCpu(line), line);
        }
        List<Recommendation> found = detect(accumulator.snapshot().cpu());
        for (Recommendation r : found) {
            String all = r.where() + " " + r.action() + " " + r.config();
            assertFalse(all.contains("#so") || all.contains(".tmp.") || all.contains(".usr.") || all.contains("/"),
                    r.toString());
        }
        Recommendation onnx = hotAt(found, "libonnxruntime.so");
        assertEquals(Severity.INFO, onnx.severity(), "a library is where the CPU goes, not the application's code");
        assertNull(onnx.config(), "native code is not cached");
        assertTrue(onnx.action().startsWith("Native code in libonnxruntime.so is on top of the stack in 50.0%"),
                onnx.action());
        assertTrue(onnx.action().contains("mostly called from ai.onnxruntime.OrtSession#run"), onnx.action());
        assertTrue(onnx.action().contains("see which Java methods call into it"), onnx.action());
        assertFalse(onnx.action().contains("cheaper"), onnx.action());
        Recommendation jvm = hotAt(found, "libjvm.so");
        assertTrue(jvm.action().contains("the JVM itself: JIT compiler, GC or runtime"), jvm.action());
        assertFalse(jvm.action().contains("mostly called from"), "a JVM thread has no Java caller: " + jvm.action());
        assertTrue(hotAt(found, "libc.so.6").action().contains("mostly called from app.Main#loop"));
        assertTrue(hotAt(found, "libcuda.so.580.159.04").action().contains("mostly called from app.Gpu#launch"));
        // the Java method that calls into the library keeps its own finding
        assertTrue(found.stream().anyMatch(r -> r.where().equals("ai.onnxruntime.OrtSession#run")), found.toString());
    }

    private static Recommendation hotAt(List<Recommendation> found, String where) {
        return found.stream().filter(r -> r.where().equals(where)).findFirst()
                .orElseThrow(() -> new AssertionError(where + " not in " + found));
    }
}
