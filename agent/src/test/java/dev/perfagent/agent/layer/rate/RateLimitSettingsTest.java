package dev.perfagent.agent.layer.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.WhenLimited;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {

    @Test
    void theIntervalIsRoundedUpSoTheRateIsNeverExceeded() {
        RateLimitSettings third = RateLimitSettings.rejecting(3, Duration.ofSeconds(1), 2);
        assertEquals(333_333_334L, third.intervalNanos());
        assertEquals(666_666_668L, third.toleranceNanos());
        assertTrue(third.enforcedRatePerSecond() <= 3.0);
        assertEquals(3.0, third.enforcedRatePerSecond(), 1e-6);
        assertEquals(10_000_000L, RateLimitSettings.rejecting(100, Duration.ofSeconds(1), 0).intervalNanos());
        assertEquals(1L, RateLimitSettings.rejecting(1_000_000_000, Duration.ofSeconds(1), 0).intervalNanos(),
                "one per nanosecond is exact");
    }

    @Test
    void ratesWholeNanosecondsCannotHoldAreRefused() {
        assertTrue(RateLimitSettings.intervalProblem(1_000_000, Duration.ofSeconds(1)).isEmpty());
        assertTrue(RateLimitSettings.intervalProblem(1_500_000, Duration.ofSeconds(1)).isEmpty(), "667ns for 666.7ns");
        assertTrue(RateLimitSettings.intervalProblem(3_000_000, Duration.ofSeconds(1)).isPresent(), "334ns for 333.3ns");
        String problem = RateLimitSettings.intervalProblem(600_000_000, Duration.ofSeconds(1)).orElseThrow();
        assertEquals("600000000 per 1s is one call every 1.67ns, which whole nanoseconds cannot hold to within 0.1%"
                + " (the limiter would allow 500000000 per 1s); use fewer permits or a longer per (one call every 1us"
                + " or more always fits)", problem);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RateLimitSettings.rejecting(600_000_000, Duration.ofSeconds(1), 0));
        assertEquals(problem, e.getMessage());
    }

    @Test
    void theScheduleMayNotRunDecadesAhead() {
        assertTrue(RateLimitSettings.spanProblem(1, Duration.ofHours(1), 1000).isEmpty());
        assertEquals("burst 2147483647 at 1 per 1h lets the schedule run more than 73 years ahead; use a smaller burst",
                RateLimitSettings.spanProblem(1, Duration.ofHours(1), Integer.MAX_VALUE).orElseThrow());
        assertThrows(IllegalArgumentException.class,
                () -> RateLimitSettings.rejecting(1, Duration.ofHours(1), Integer.MAX_VALUE));
    }

    @Test
    void maxWaitComesWithWaitAndOnlyWithIt() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimitSettings(1, Duration.ofSeconds(1), 0,
                WhenLimited.WAIT, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new RateLimitSettings(1, Duration.ofSeconds(1), 0,
                WhenLimited.REJECT, Optional.of(Duration.ofMillis(1))));
        assertThrows(IllegalArgumentException.class,
                () -> RateLimitSettings.waiting(1, Duration.ofSeconds(1), 0, Duration.ZERO));
        assertEquals(100_000_000L, RateLimitSettings.waiting(1, Duration.ofSeconds(1), 0, Duration.ofMillis(100))
                .maxWaitNanos());
        assertEquals(0L, RateLimitSettings.rejecting(1, Duration.ofSeconds(1), 0).maxWaitNanos());
    }

    @Test
    void describesItselfInConfigNotation() {
        assertEquals("100/1s burst 20 reject", RateLimitSettings.rejecting(100, Duration.ofSeconds(1), 20).describe());
        assertEquals("5/250us burst 0 wait max-wait 1500ms",
                RateLimitSettings.waiting(5, Duration.ofNanos(250_000), 0, Duration.ofMillis(1500)).describe());
        assertEquals("3ns", RateLimitSettings.format(Duration.ofNanos(3)));
        assertEquals("2m", RateLimitSettings.format(Duration.ofMinutes(2)));
    }
}
