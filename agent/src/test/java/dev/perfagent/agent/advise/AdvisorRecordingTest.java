package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.WindowEvidence;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.sample.workload.RecordedWorkload;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence and the advisor on a real recording of a known workload. */
class AdvisorRecordingTest {
    @TempDir
    Path dir;

    @Test
    void aRealRecordingNamesTheHotMethodAndTheContendedLocks() throws Exception {
        WindowEvidence evidence = RecordedWorkload.record(dir.resolve("workload.jfr"));

        assertEquals(RecordedWorkload.HOT_METHOD, evidence.cpu().bySelf().get(0), evidence.cpu().self().toString());
        assertTrue(evidence.cpu().selfShare(RecordedWorkload.HOT_METHOD).fraction() > 0.5);
        assertTrue(evidence.contention().monitors().containsKey(RecordedWorkload.MONITOR_CLASS),
                evidence.contention().monitors().keySet().toString());
        assertTrue(evidence.contention().parks().containsKey(RecordedWorkload.PARK_CLASS),
                evidence.contention().parks().keySet().toString());
        // the scheduled pool's worker waits for its next run in getTask: idle, not contention
        assertTrue(evidence.contention().idleParks() > 0);
        assertFalse(evidence.contention().parks()
                .containsKey("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject"),
                evidence.contention().parks().keySet().toString());
        assertTrue(evidence.seconds() > 0);
        assertTrue(evidence.processors() > 0);

        List<Recommendation> advice = Advisor.standard(AgentLog.toStderr(AgentLog.Level.WARN)).advise(evidence);
        Recommendation hot = advice.stream().filter(r -> r.kind().equals("hot-method")).findFirst().orElseThrow();
        assertEquals(RecordedWorkload.HOT_METHOD, hot.where());
        List<String> locks = advice.stream().filter(r -> r.kind().equals("lock-contention"))
                .map(Recommendation::where).toList();
        assertTrue(locks.contains(RecordedWorkload.MONITOR_CLASS), locks.toString());
        // A JDK lock class says little: the finding names where the threads park.
        assertTrue(locks.contains(RecordedWorkload.class.getName() + "#runParkConvoy"), locks.toString());
    }
}
