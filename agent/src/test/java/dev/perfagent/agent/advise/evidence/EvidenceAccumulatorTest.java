package dev.perfagent.agent.advise.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.Advisor;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.report.Recommendation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accumulator fed async-profiler collapsed stacks (its JFR path is covered by AdvisorRecordingTest). */
class EvidenceAccumulatorTest {
    @Test
    void collapsedCpuStacksGiveSelfTotalAndCallees() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        assertTrue(accumulator.acceptCollapsedCpu(
                "java/lang/Thread.run_[j];com/example/Svc.handle_[j];com/example/Svc.compute_[j] 70"));
        assertTrue(accumulator.acceptCollapsedCpu("java/lang/Thread.run;com/example/Svc.handle;java/util/HashMap.get_[i] 30"));
        assertTrue(accumulator.acceptCollapsedCpu("[unknown];__GI___libc_write 5"));
        assertFalse(accumulator.acceptCollapsedCpu(""));
        assertFalse(accumulator.acceptCollapsedCpu("# a comment"));
        assertFalse(accumulator.acceptCollapsedCpu("java/lang/Thread.run;com/example/Svc.handle many"));
        assertFalse(accumulator.acceptCollapsedCpu("nocount"));

        CpuProfile cpu = accumulator.snapshot().cpu();
        assertEquals(105, cpu.samples());
        assertEquals(70L, cpu.self().get("com.example.Svc#compute"));
        assertEquals(30L, cpu.self().get("java.util.HashMap#get"));
        assertEquals(5L, cpu.self().get("__GI___libc_write"));
        assertEquals(100L, cpu.total().get("com.example.Svc#handle"));
        assertEquals(100L, cpu.total().get("java.lang.Thread#run"));
        assertEquals("com.example.Svc#compute", cpu.hottestCallee("com.example.Svc#handle").getKey());
        assertEquals(70L, cpu.hottestCallee("com.example.Svc#handle").getValue());
        assertEquals(List.of("com.example.Svc#compute", "java.util.HashMap#get", "__GI___libc_write"), cpu.bySelf());
    }

    @Test
    void recursionCountsOnceInTotal() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        accumulator.acceptCollapsedCpu("a/Main.main;a/Tree.walk;a/Tree.walk;a/Tree.walk 10");
        assertEquals(10L, accumulator.snapshot().cpu().total().get("a.Tree#walk"));
    }

    @Test
    void collapsedAllocationStacksNameClassSiteAndBoxing() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        assertTrue(accumulator.acceptCollapsedAllocation(
                "java/lang/Thread.run;com/example/Sum.add;java/lang/Integer.valueOf;java.lang.Integer_[i] 4096"));
        assertTrue(accumulator.acceptCollapsedAllocation(
                "java/lang/Thread.run;com/example/Buf.grow;java/util/Arrays.copyOf;byte[]_[k] 8192"));
        Allocations alloc = accumulator.snapshot().allocations();
        assertEquals(2, alloc.samples());
        assertEquals(12288, alloc.totalBytes());
        assertEquals(4096L, alloc.byClass().get("java.lang.Integer"));
        assertEquals(8192L, alloc.byClass().get("byte[]"));
        assertEquals(8192L, alloc.bySite().get("com.example.Buf#grow"));
        assertEquals(4096, alloc.boxingBytes());
        assertEquals(4096L, alloc.boxingBySite().get("com.example.Sum#add"));
        assertEquals("byte[] <- java.util.Arrays#copyOf <- com.example.Buf#grow <- java.lang.Thread#run", alloc.heaviestStack());
    }

    @Test
    void collapsedSamplesFeedTheAdvisor() {
        EvidenceAccumulator accumulator = new EvidenceAccumulator();
        accumulator.window(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"));
        accumulator.acceptCollapsedCpu("java/lang/Thread.run;com/example/Svc.compute_[j] 900");
        accumulator.acceptCollapsedCpu("java/lang/Thread.run;com/example/Svc.idle_[j] 100");
        WindowEvidence evidence = accumulator.snapshot();
        assertEquals(60, evidence.seconds(), 1e-9);
        List<Recommendation> advice = Advisor.standard(AgentLog.toStderr(AgentLog.Level.ERROR)).advise(evidence);
        assertEquals("com.example.Svc#compute", advice.get(0).where());
        assertEquals("hot-method", advice.get(0).kind());
    }
}
