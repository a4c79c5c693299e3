package dev.perfagent.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowTallyTest {

    @Test
    void keepsTheLastWindowsSampleTotals() {
        WindowTally tally = new WindowTally();
        tally.windowStarted(Instant.EPOCH);
        tally.onCollapsedStacks(SampleKind.CPU, "a/B.main;a/B.run 7\na/B.main;a/B.idle 3\n");
        tally.onCollapsedStacks(SampleKind.ALLOC, "");
        assertEquals(Map.of(), tally.last().samples());
        tally.windowEnded(new ProfileWindowInfo(Instant.EPOCH, Instant.EPOCH.plusSeconds(60),
                ProfilingEngine.ASYNC_PROFILER, SamplingMode.PERF_EVENTS, Duration.ofMillis(10), 0.5, false));
        assertEquals(Map.of(SampleKind.CPU, 10L, SampleKind.ALLOC, 0L), tally.last().samples());
        tally.windowStarted(Instant.EPOCH.plusSeconds(60));
        assertEquals(Map.of(SampleKind.CPU, 10L, SampleKind.ALLOC, 0L), tally.last().samples());
    }

    @Test
    void countsEveryLineOfCollapsedText() {
        assertEquals(12, CollapsedText.totalSamples("x;y 5\nx;z 7"));
        assertEquals(0, CollapsedText.totalSamples(""));
        assertEquals(4, CollapsedText.totalSamples("no count here\nthread [tid=1];x 4\n"));
    }
}
