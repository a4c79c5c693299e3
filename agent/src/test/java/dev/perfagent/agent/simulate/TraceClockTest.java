package dev.perfagent.agent.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TraceClockTest {

    @Test
    void standsStillUntilTheReplayMovesItOn() {
        TraceClock clock = new TraceClock(Long.MAX_VALUE - 5);
        assertEquals(Long.MAX_VALUE - 5, clock.read());
        assertEquals(Long.MAX_VALUE - 5, clock.read(), "no time passes by itself");
        clock.advanceTo(10);
        assertEquals(10, clock.offsetNanos());
        assertEquals(5, clock.read() - (Long.MAX_VALUE - 5) - 5, "differences survive the wrap-around");
        clock.advanceTo(10);
        clock.advance(7);
        assertEquals(17, clock.offsetNanos());
    }

    @Test
    void neverGoesBack() {
        TraceClock clock = new TraceClock();
        clock.advanceTo(1_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(999));
        assertEquals("the replay is at 1000ns into the trace; it cannot go back to 999ns", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        assertEquals(1_000, clock.read());
    }
}
