package dev.perfagent.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.agent.profile.OverheadControl.Direction;
import dev.perfagent.agent.profile.OverheadControl.Step;
import dev.perfagent.agent.profile.OverheadMeter.WindowCost;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OverheadControlTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Duration TEN_MS = Duration.ofMillis(10);
    private final OverheadControl control = new OverheadControl(TEN_MS, 2.0);

    /** A 60s window in which the process used {@code processSeconds} of CPU, the profiler {@code profilerMillis}. */
    private static WindowCost cost(long profilerMillis, long processSeconds) {
        return new WindowCost(profilerMillis * 1_000_000L, processSeconds * SECOND, 60 * SECOND);
    }

    @Test
    void backsOffByDoublingWhileOverBudgetUpToTheCap() {
        // 3s of profiling in 100s of process CPU: 3% > 2%.
        assertEquals(new Step(Duration.ofMillis(20), Direction.BACK_OFF), control.next(TEN_MS, cost(3000, 100)));
        assertEquals(new Step(Duration.ofMillis(160), Direction.BACK_OFF),
                control.next(Duration.ofMillis(80), cost(3000, 100)));
        assertEquals(Duration.ofMillis(160), control.cap());
        assertEquals(new Step(Duration.ofMillis(160), Direction.HOLD),
                control.next(Duration.ofMillis(160), cost(3000, 100)));
    }

    @Test
    void holdsWithinBudgetAndStepsDownWhenWellBelow() {
        // 1% is within 2% but not below a quarter of it.
        assertEquals(new Step(Duration.ofMillis(40), Direction.HOLD), control.next(Duration.ofMillis(40), cost(1000, 100)));
        // 0.4% < 0.5%: halve, but never below the configured interval.
        assertEquals(new Step(Duration.ofMillis(20), Direction.STEP_DOWN),
                control.next(Duration.ofMillis(40), cost(400, 100)));
        assertEquals(new Step(TEN_MS, Direction.HOLD), control.next(TEN_MS, cost(400, 100)));
    }

    @Test
    void anIdleProcessChangesNothing() {
        // 2s of process CPU in a 60s window is under 5% of one core: 50% of it is still no reason to back off.
        assertEquals(new Step(TEN_MS, Direction.HOLD), control.next(TEN_MS, cost(1000, 2)));
        assertEquals(50.0, cost(1000, 2).percent(), 1e-9);
    }

    @Test
    void theCapNeverPassesOneSecond() {
        assertEquals(Duration.ofSeconds(1), new OverheadControl(Duration.ofMillis(100), 2.0).cap());
        assertEquals(Duration.ofSeconds(1), new OverheadControl(Duration.ofSeconds(1), 2.0).cap());
    }
}
