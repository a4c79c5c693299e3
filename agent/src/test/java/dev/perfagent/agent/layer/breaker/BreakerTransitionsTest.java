package dev.perfagent.agent.layer.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The state machine through the layer, transition by transition, on a hand-driven clock. */
class BreakerTransitionsTest {

    private static final Duration SLOW = Duration.ofSeconds(61);

    private static CircuitBreakerSettings countWindow(int size, double failureRate, int minimumCalls) {
        return BreakerHarness.settings(WindowSpec.count(size), failureRate, minimumCalls);
    }

    private static CircuitBreakerSettings with(CircuitBreakerSettings s, Duration slowCall, double slowCallRate,
                                               int halfOpenCalls, Duration maxHalfOpen, boolean automatic) {
        return new CircuitBreakerSettings(s.window(), s.failureRate(), slowCall, slowCallRate, s.minimumCalls(),
                s.openFor(), halfOpenCalls, maxHalfOpen, automatic, s.exceptions());
    }

    /** A breaker that opens on 2 failures in a window of 2 and probes with {@code halfOpenCalls}. */
    private static BreakerHarness openedBreaker(int halfOpenCalls, boolean automatic) {
        BreakerHarness h = new BreakerHarness(with(countWindow(2, 50, 2), Duration.ofSeconds(60), 100, halfOpenCalls,
                Duration.ofSeconds(60), automatic));
        h.calls("FF", SLOW);
        assertEquals(BreakerState.OPEN, h.state());
        return h;
    }

    @Test
    void staysClosedUntilTheWindowHoldsMinimumCalls() {
        BreakerHarness h = new BreakerHarness(countWindow(10, 50, 10));
        h.calls("FFFFFFFFF", SLOW);
        assertEquals(BreakerState.CLOSED, h.state(), "9 failures, fewer than minimum-calls 10");
        h.calls("F", SLOW);
        assertEquals(BreakerState.OPEN, h.state());
    }

    @Test
    void opensAtExactlyTheFailureRate() {
        BreakerHarness below = new BreakerHarness(countWindow(10, 50, 10));
        below.calls("SSSSSSFFFF", SLOW);
        assertEquals(BreakerState.CLOSED, below.state(), "40% < 50%");

        BreakerHarness at = new BreakerHarness(countWindow(10, 50, 10));
        at.calls("SSSSSFFFF", SLOW);
        assertEquals(BreakerState.CLOSED, at.state(), "9 calls, below minimum-calls");
        at.calls("F", SLOW);
        assertEquals(BreakerState.OPEN, at.state(), "50% >= 50%: the threshold itself opens (as in Resilience4j)");
        assertEquals(50.0, at.breaker.snapshot().window().failureRate());
        assertEquals(10, at.breaker.snapshot().window().calls());
    }

    @Test
    void opensOnTheSlowCallRate() {
        BreakerHarness h = new BreakerHarness(with(countWindow(4, 100, 4), Duration.ofMillis(100), 50, 10,
                Duration.ofSeconds(60), true));
        h.succeed(Duration.ofMillis(100)); // exactly slow-call: not slow (slow means longer)
        h.succeed(Duration.ofMillis(1));
        h.succeed(Duration.ofMillis(101));
        assertEquals(BreakerState.CLOSED, h.state());
        h.succeed(Duration.ofMillis(1));
        assertEquals(BreakerState.CLOSED, h.state(), "1 slow call in 4 is 25%");
        h.succeed(Duration.ofMillis(250));
        assertEquals(BreakerState.OPEN, h.state(), "2 slow calls in the last 4 are 50%");
        WindowSnapshot cause = h.breaker.snapshot().window();
        assertEquals(new WindowSnapshot(4, 0, 2), cause);
    }

    @Test
    void aSlowFailureCountsAsFailureAndAsSlow() {
        BreakerHarness h = new BreakerHarness(with(countWindow(10, 100, 10), Duration.ofMillis(100), 100, 10,
                Duration.ofSeconds(60), true));
        h.fail(Duration.ofMillis(500), new IllegalStateException("slow and broken"));
        h.succeed(Duration.ofMillis(1));
        assertEquals(new WindowSnapshot(2, 1, 1), h.breaker.snapshot().window());
    }

    @Test
    void aCountWindowForgetsTheCallsItSlidesPast() {
        BreakerHarness h = new BreakerHarness(countWindow(4, 75, 4));
        h.calls("FSSS", SLOW);
        assertEquals(new WindowSnapshot(4, 1, 0), h.breaker.snapshot().window());
        h.calls("F", SLOW);
        assertEquals(new WindowSnapshot(4, 1, 0), h.breaker.snapshot().window(), "the first failure slid out");
        h.calls("F", SLOW);
        assertEquals(BreakerState.CLOSED, h.state(), "2 of the last 4 (50%); counting all 6 calls would be 50% too");
        h.calls("F", SLOW);
        assertEquals(BreakerState.OPEN, h.state(), "3 of the last 4 are failures (75%); of all 7 only 57%");
    }

    @Test
    void aTimeWindowsBucketsExpire() {
        BreakerHarness h = new BreakerHarness(BreakerHarness.settings(WindowSpec.time(Duration.ofSeconds(10)), 50, 3));
        h.calls("FF", SLOW); // at t0 + 2ms, bucket 0 (100 ms buckets)
        h.ticker.advance(Duration.ofMillis(9_950)); // still in the window's last bucket
        assertEquals(new WindowSnapshot(2, 2, 0), h.breaker.snapshot().window());
        h.ticker.advance(Duration.ofMillis(50)); // the window has moved 100 buckets on: no calls since
        assertEquals(WindowSnapshot.EMPTY, h.breaker.snapshot().window(), "expired without any call");
        h.calls("FSS", SLOW);
        assertEquals(BreakerState.CLOSED, h.state(), "1 failure in 3 calls; with the 2 expired ones it would be 60%");
        assertEquals(new WindowSnapshot(3, 1, 0), h.breaker.snapshot().window());
        h.calls("FF", SLOW);
        assertEquals(BreakerState.OPEN, h.state());
    }

    @Test
    void aTimeWindowReachesBackItsFullLength() {
        BreakerHarness h = new BreakerHarness(BreakerHarness.settings(WindowSpec.time(Duration.ofSeconds(1)), 50, 4));
        for (int i = 0; i < 4; i++) { // four failures spread over 0.9 s
            h.calls("F", SLOW);
            if (i == 2) {
                assertEquals(BreakerState.CLOSED, h.state());
            }
            h.ticker.advance(Duration.ofMillis(299));
        }
        assertEquals(BreakerState.OPEN, h.state(), "all four are within the last second");
    }

    @Test
    void opensFullyRefusingWithCallNotPermitted() {
        BreakerHarness h = openedBreaker(10, true);
        h.ticker.advance(Duration.ofSeconds(29));
        Outcome refused = h.succeed();
        assertNotNull(refused, "an open breaker answers the call itself");
        CallNotPermittedException e = assertInstanceOf(CallNotPermittedException.class, refused.thrown());
        assertEquals("circuit breaker of rule 'feature-store' on com.example.FeatureClient#fetch(java.lang.String)"
                + " is OPEN; calls are refused for about another 31s", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace");
    }

    @Test
    void automaticTransitionIsSeenWithoutACall() {
        BreakerHarness h = openedBreaker(10, true);
        h.ticker.advance(Duration.ofSeconds(60).minusNanos(1));
        assertEquals(BreakerState.OPEN, h.state());
        assertEquals("1", h.breaker.states().get("open_remaining_nanos"));
        h.ticker.advance(1);
        assertEquals(BreakerState.HALF_OPEN, h.state(), "at exactly open-for it is due");
        assertEquals("HALF_OPEN", h.breaker.states().get("state"));
    }

    @Test
    void withoutAutomaticTransitionTheNextCallMovesOn() {
        BreakerHarness h = openedBreaker(10, false);
        h.ticker.advance(Duration.ofSeconds(90));
        assertEquals(BreakerState.OPEN, h.state(), "nobody called: still open");
        assertEquals("0", h.breaker.states().get("open_remaining_nanos"));
        LayeredCall probe = h.start("key");
        assertNotNull(probe, "the call is let through as a trial call");
        assertEquals(BreakerState.HALF_OPEN, h.state());
        probe.exit("value", null);
    }

    @Test
    void trialCallsThatPassCloseAsSoonAsTheyCannotFail() {
        BreakerHarness h = openedBreaker(4, true);
        h.ticker.advance(Duration.ofSeconds(60));
        h.calls("SS", SLOW);
        assertEquals(BreakerState.HALF_OPEN, h.state(), "2 more failures of 4 would still be 50%");
        h.calls("S", SLOW);
        assertEquals(BreakerState.CLOSED, h.state(), "1 more failure of 4 could only be 25%: decided early");
        assertEquals(WindowSnapshot.EMPTY, h.breaker.snapshot().window(), "a closed breaker starts a fresh window");
    }

    @Test
    void trialCallsThatFailReopenAsSoonAsTheyMust() {
        BreakerHarness h = openedBreaker(4, true);
        h.ticker.advance(Duration.ofSeconds(60));
        h.calls("SF", SLOW);
        assertEquals(BreakerState.HALF_OPEN, h.state());
        h.calls("F", SLOW);
        assertEquals(BreakerState.OPEN, h.state(), "2 failures of 4 are 50% whatever the last one does");
        assertEquals(new WindowSnapshot(3, 2, 0), h.breaker.snapshot().window(), "the trial calls that reopened it");
        assertEquals(Duration.ofSeconds(60).toNanos(), h.breaker.snapshot().openRemainingNanos());
    }

    @Test
    void slowTrialCallsReopen() {
        BreakerHarness h = new BreakerHarness(with(countWindow(2, 50, 2), Duration.ofMillis(100), 100, 2,
                Duration.ofMinutes(5), true));
        h.calls("FF", SLOW);
        h.ticker.advance(Duration.ofSeconds(60));
        h.succeed(Duration.ofMillis(150));
        assertEquals(BreakerState.HALF_OPEN, h.state());
        h.succeed(Duration.ofMillis(150));
        assertEquals(BreakerState.OPEN, h.state(), "every trial call slow: 100% >= slow-call-rate 100%");
    }

    @Test
    void onlyHalfOpenCallsTrialCallsAreInFlightAtOnce() {
        BreakerHarness h = openedBreaker(2, true);
        h.ticker.advance(Duration.ofSeconds(60));
        LayeredCall first = h.start("a");
        LayeredCall second = h.start("b");
        assertNotNull(first);
        assertNotNull(second);
        assertNull(h.start("c"));
        CallNotPermittedException e = assertInstanceOf(CallNotPermittedException.class, h.lastOutcome.thrown());
        assertEquals("circuit breaker of rule 'feature-store' on com.example.FeatureClient#fetch(java.lang.String)"
                + " is HALF_OPEN and its 2 trial calls are taken; calls are refused until they decide", e.getMessage());
        assertEquals("2", h.breaker.states().get("trial_calls_in_flight"));
        first.exit("value", null);
        second.exit("value", null);
        assertEquals(BreakerState.CLOSED, h.state());
    }

    @Test
    void trialCallsThatDoNotDecideInTimeReopen() {
        BreakerHarness h = new BreakerHarness(with(countWindow(2, 50, 2), Duration.ofSeconds(60), 100, 2,
                Duration.ofSeconds(5), true));
        h.calls("FF", SLOW);
        h.ticker.advance(Duration.ofSeconds(60));
        assertEquals(BreakerState.HALF_OPEN, h.state());
        h.ticker.advance(Duration.ofMinutes(10));
        assertEquals(BreakerState.HALF_OPEN, h.state(), "the clock starts with the first trial call, not before");
        LayeredCall hung = h.start("a");
        assertNotNull(hung);
        h.ticker.advance(Duration.ofSeconds(5).minusNanos(1));
        assertEquals(BreakerState.HALF_OPEN, h.state());
        h.ticker.advance(1);
        assertEquals(BreakerState.OPEN, h.state(), "max-half-open passed without a verdict");
        hung.exit(null, new java.io.IOException("late"));
        assertEquals(BreakerState.OPEN, h.state());
        h.ticker.advance(Duration.ofSeconds(60));
        assertEquals(BreakerState.HALF_OPEN, h.state());
        assertEquals("0", h.breaker.states().get("trial_calls_in_flight"), "a fresh half-open state, all permits free");
        h.calls("SS", SLOW);
        assertEquals(BreakerState.CLOSED, h.state());
    }

    @Test
    void aCallFromAnEarlierStateDoesNotJudgeTheTrialCalls() {
        BreakerHarness h = openedBreaker(1, true);
        h.ticker.advance(Duration.ofSeconds(60));
        h.calls("S", SLOW);
        assertEquals(BreakerState.CLOSED, h.state());
        LayeredCall straggler = h.start("slow one"); // enters the new closed state ...
        h.calls("FF", SLOW); // ... which opens
        h.ticker.advance(Duration.ofSeconds(60));
        assertEquals(BreakerState.HALF_OPEN, h.state());
        straggler.exit(null, new java.io.IOException("late failure"));
        assertEquals(BreakerState.HALF_OPEN, h.state(), "Resilience4j would count it against the half-open state");
        h.calls("S", SLOW);
        assertEquals(BreakerState.CLOSED, h.state());
    }

    @Test
    void transitionsAreCounted() {
        BreakerHarness h = openedBreaker(1, true);
        h.ticker.advance(Duration.ofSeconds(60));
        h.calls("F", SLOW);
        h.ticker.advance(Duration.ofSeconds(60));
        h.calls("S", SLOW);
        assertEquals(1, Figures.value(h.breaker, "transitions", "from", "closed", "to", "open"));
        assertEquals(2, Figures.value(h.breaker, "transitions", "from", "open", "to", "half_open"));
        assertEquals(1, Figures.value(h.breaker, "transitions", "from", "half_open", "to", "open"));
        assertEquals(1, Figures.value(h.breaker, "transitions", "from", "half_open", "to", "closed"));
        assertTrue(h.faults.isEmpty(), h.faults::toString);
    }
}
