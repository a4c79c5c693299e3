package dev.perfagent.agent.profile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/** The real JFR leak profiler: objects kept alive show up as survivors with their allocation stacks. */
class SurvivorSamplerTest {
    private final List<byte[]> kept = new ArrayList<>();
    private volatile byte[] dropped;

    private void remember() {
        kept.add(new byte[4096]);
    }

    private void respond() {
        dropped = new byte[32768];
    }

    @Test
    void objectsKeptAliveAreReportedWithTheirAllocationSite() {
        SurvivorSampler sampler = SurvivorSampler.start(AgentLog.toStderr(AgentLog.Level.ERROR));
        assertNotNull(sampler);
        try {
            List<RecordedEvent> survivors = List.of();
            long deadline = System.nanoTime() + 20_000_000_000L;
            // Samples are taken as TLABs fill: allocate until some survivors come back, within a deadline.
            while (survivors.isEmpty() && System.nanoTime() < deadline) {
                for (int i = 0; i < 2_000; i++) {
                    remember();
                    respond();
                }
                survivors = sampler.survivors();
            }
            assertTrue(!survivors.isEmpty(), "no survivor sampled");
            boolean named = false;
            for (RecordedEvent e : survivors) {
                named |= e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getName().equals("remember"));
            }
            assertTrue(named, survivors.toString());
        } finally {
            sampler.close();
        }
    }
}
