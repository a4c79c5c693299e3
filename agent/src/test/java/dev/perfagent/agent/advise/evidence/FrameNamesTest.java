package dev.perfagent.agent.advise.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameNamesTest {
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
