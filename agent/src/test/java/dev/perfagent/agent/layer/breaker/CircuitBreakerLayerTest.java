package dev.perfagent.agent.layer.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.perfagent.CallNotPermittedException;
import dev.perfagent.CallRejectedException;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.jfr.CircuitBreakerStateEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer in a chain: what it counts, what it ignores, its figures, events and log. */
class CircuitBreakerLayerTest {

    private static CircuitBreakerSettings settings(int window, int halfOpenCalls, ExceptionLists exceptions) {
        CircuitBreakerSettings d = CircuitBreakerSettings.defaults();
        return new CircuitBreakerSettings(WindowSpec.count(window), 50, Duration.ofMillis(100), 100, window,
                Duration.ofSeconds(30), halfOpenCalls, d.maxHalfOpen(), true, exceptions);
    }

    @Test
    void aCacheHitIsNotASuccess() {
        BreakerHarness h = new BreakerHarness(settings(2, 1, ExceptionLists.DEFAULT));
        h.calls("F", Duration.ZERO);
        h.cache.answer(Outcome.returning("cached"));
        for (int i = 0; i < 5; i++) {
            assertEquals("cached", h.succeed().value());
        }
        h.cache.answer(null);
        assertEquals(new WindowSnapshot(1, 1, 0), h.breaker.snapshot().window(), "hits did not fill the window");
        h.calls("F", Duration.ZERO);
        assertEquals(BreakerState.OPEN, h.state());
        assertEquals(5, Figures.value(h.breaker, "calls", "outcome", "ignored"));
        assertEquals(0, Figures.value(h.breaker, "calls", "outcome", "success"));
        assertEquals(2, Figures.value(h.breaker, "calls", "outcome", "failure"));
    }

    @Test
    void aTrialPermitComesBackWhenACallIsAnsweredFurtherIn() {
        BreakerHarness h = new BreakerHarness(settings(2, 1, ExceptionLists.DEFAULT));
        h.calls("FF", Duration.ZERO);
        h.ticker.advance(Duration.ofSeconds(30));
        assertEquals(BreakerState.HALF_OPEN, h.state());

        h.batch.answer(Outcome.throwing(new CallRejectedException("batch queue full")));
        for (int i = 0; i < 3; i++) {
            Outcome outcome = h.succeed();
            assertInstanceOf(CallRejectedException.class, outcome.thrown(), "the batch layer's refusal, not ours");
            assertEquals(BreakerState.HALF_OPEN, h.state());
        }
        h.batch.answer(null);
        h.cache.answer(Outcome.returning("cached"));
        assertEquals("cached", h.succeed().value());
        h.cache.answer(null);
        assertEquals(BreakerState.HALF_OPEN, h.state(), "no verdict from refusals or hits");
        assertEquals("0", h.breaker.states().get("trial_calls_in_flight"));
        assertNull(h.succeed(), "the one trial permit is free again");
        assertEquals(BreakerState.CLOSED, h.state());
        assertEquals(4, Figures.value(h.breaker, "calls", "outcome", "ignored"));
    }

    @Test
    void anIgnoredExceptionGivesItsPermitBackAndASuccessExceptionCloses() {
        ExceptionLists lists = new ExceptionLists(Optional.empty(), List.of("java.lang.IllegalArgumentException"),
                List.of("java.util.NoSuchElementException"));
        BreakerHarness h = new BreakerHarness(settings(2, 1, lists));
        h.fail(Duration.ZERO, new IllegalArgumentException("bad input, not a bad dependency"));
        h.fail(Duration.ZERO, new IllegalArgumentException("again"));
        assertEquals(WindowSnapshot.EMPTY, h.breaker.snapshot().window());
        h.calls("FF", Duration.ZERO);
        h.ticker.advance(Duration.ofSeconds(30));
        h.fail(Duration.ZERO, new IllegalArgumentException("ignored trial"));
        assertEquals(BreakerState.HALF_OPEN, h.state());
        h.fail(Duration.ZERO, new java.util.NoSuchElementException("not found is an answer"));
        assertEquals(BreakerState.CLOSED, h.state());
        assertEquals(1, Figures.value(h.breaker, "calls", "outcome", "success"));
        assertEquals(3, Figures.value(h.breaker, "calls", "outcome", "ignored"));
    }

    @Test
    void aRecordListMakesOtherExceptionsSuccesses() {
        ExceptionLists lists = new ExceptionLists(Optional.of(List.of("java.io.IOException")), List.of(), List.of());
        BreakerHarness h = new BreakerHarness(settings(2, 1, lists));
        h.fail(Duration.ZERO, new IllegalStateException());
        h.fail(Duration.ZERO, new IOException());
        assertEquals(new WindowSnapshot(2, 1, 0), h.breaker.snapshot().window());
        assertEquals(BreakerState.OPEN, h.state(), "1 of 2 is 50%");
    }

    @Test
    void everyCallIsCountedOnceUnderOneOutcome() {
        BreakerHarness h = new BreakerHarness(settings(4, 1, ExceptionLists.DEFAULT));
        h.succeed(Duration.ofMillis(1));
        h.succeed(Duration.ofMillis(101));
        h.fail(Duration.ofMillis(1), new IOException());
        h.fail(Duration.ofMillis(101), new IOException());
        assertEquals(BreakerState.OPEN, h.state());
        h.succeed();
        h.succeed();
        assertEquals(1, Figures.value(h.breaker, "calls", "outcome", "success"));
        assertEquals(1, Figures.value(h.breaker, "calls", "outcome", "slow_success"));
        assertEquals(1, Figures.value(h.breaker, "calls", "outcome", "failure"));
        assertEquals(1, Figures.value(h.breaker, "calls", "outcome", "slow_failure"));
        assertEquals(0, Figures.value(h.breaker, "calls", "outcome", "ignored"));
        assertEquals(2, Figures.value(h.breaker, "calls", "outcome", "not_permitted"));
    }

    @Test
    void figuresAndStatesDescribeTheBreaker() {
        BreakerHarness h = new BreakerHarness(settings(4, 1, ExceptionLists.DEFAULT));
        assertEquals("circuit_breaker", h.breaker.layer());
        assertEquals(Map.of("state", "CLOSED"), h.breaker.states());
        h.calls("SFS", Duration.ofMillis(200));
        assertEquals(1, Figures.value(h.breaker, "state", "state", "closed"));
        assertEquals(0, Figures.value(h.breaker, "state", "state", "open"));
        assertEquals(0, Figures.value(h.breaker, "state", "state", "half_open"));
        assertEquals(1.0 / 3, Figures.value(h.breaker, "failure_rate_ratio"), 1e-9);
        assertEquals(0, Figures.value(h.breaker, "slow_call_rate_ratio"));
        assertEquals(3, Figures.value(h.breaker, "window_calls"));
        h.calls("F", Duration.ZERO);
        assertEquals(1, Figures.value(h.breaker, "state", "state", "open"));
        assertEquals(0.5, Figures.value(h.breaker, "failure_rate_ratio"), "the window that opened it");
        h.ticker.advance(Duration.ofSeconds(10));
        assertEquals(Map.of("state", "OPEN", "open_remaining_nanos", Long.toString(Duration.ofSeconds(20).toNanos())),
                h.breaker.states());

        List<LayerFigure> figures = h.breaker.figures();
        Map<String, List<LayerFigure>> families = figures.stream().collect(Collectors.groupingBy(LayerFigure::name));
        assertEquals(Map.of("state", 3, "calls", 6, "failure_rate_ratio", 1, "slow_call_rate_ratio", 1,
                "window_calls", 1, "transitions", 4), families.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
        for (List<LayerFigure> family : families.values()) {
            assertEquals(1, family.stream().map(f -> f.type() + f.help()).distinct().count(),
                    "one type and help per family");
        }
        assertEquals(LayerFigure.Type.COUNTER, families.get("calls").get(0).type());
        assertEquals(LayerFigure.Type.COUNTER, families.get("transitions").get(0).type());
        assertEquals(LayerFigure.Type.GAUGE, families.get("state").get(0).type());
    }

    @Test
    void everyStateChangeIsAJfrEventAndALogLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("agent.log");
        BreakerHarness h = new BreakerHarness(settings(2, 1, ExceptionLists.DEFAULT),
                BreakerHarness.target("java.lang.String", List.of("java.lang.String")), Optional.empty(), log);
        Path file = dir.resolve("breaker.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(CircuitBreakerStateEvent.NAME);
            recording.start();
            h.calls("SF", Duration.ZERO);
            h.ticker.advance(Duration.ofSeconds(30));
            h.calls("S", Duration.ZERO);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(CircuitBreakerStateEvent.NAME))
                .collect(Collectors.toList());
        assertEquals(List.of("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED"), events.stream()
                .map(e -> e.getString("from") + ">" + e.getString("to")).collect(Collectors.toList()));
        RecordedEvent opened = events.get(0);
        assertEquals(BreakerHarness.METHOD, opened.getString("method"));
        assertEquals(BreakerHarness.RULE, opened.getString("rule"));
        assertEquals("failure-rate", opened.getString("reason"));
        assertEquals(50.0, opened.getDouble("failureRate"));
        assertEquals(0.0, opened.getDouble("slowCallRate"));
        assertEquals(2, opened.getInt("callsInWindow"));
        assertEquals("open-for-elapsed", events.get(1).getString("reason"));
        assertTrue(Double.isNaN(events.get(1).getDouble("failureRate")), "no window decided that one");
        assertEquals("trial-calls-passed", events.get(2).getString("reason"));
        assertEquals(1, events.get(2).getInt("callsInWindow"));

        String written = Files.readString(log);
        assertTrue(written.contains("INFO circuit breaker of rule 'feature-store' on " + BreakerHarness.METHOD
                + ": CLOSED -> OPEN, failure-rate (failures 50.0%, slow 0.0% of 2 calls)"), written);
        assertTrue(written.contains(": HALF_OPEN -> CLOSED, trial-calls-passed"), written);
    }

    @Test
    void anExitWithoutOurEnterDoesNothing() {
        BreakerHarness h = new BreakerHarness(settings(2, 1, ExceptionLists.DEFAULT));
        LayeredCall call = LayeredCall.of(null, new Object[0], 0);
        h.breaker.exit(call, null, new IOException()); // our enter failed and the chain went on
        assertEquals(WindowSnapshot.EMPTY, h.breaker.snapshot().window());
    }

    @Test
    void inTheClosedStateACallAllocatesNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        for (WindowSpec window : List.of(WindowSpec.count(100), WindowSpec.time(Duration.ofSeconds(10)))) {
            BreakerHarness h = new BreakerHarness(BreakerHarness.settings(window, 50, 100));
            CircuitBreakerLayer breaker = h.breaker;
            LayeredCall call = LayeredCall.of(null, new Object[] {"key"}, 0);
            IOException failure = new IOException("every fourth call fails: below 50%");
            Runnable calls = () -> {
                for (int i = 0; i < 100_000; i++) {
                    assertNull(breaker.enter(call));
                    h.ticker.advance(1_000); // 100 us a call: the time window moves through its buckets
                    breaker.exit(call, "value", (i & 3) == 0 ? failure : null);
                }
            };
            calls.run(); // warm up, load everything
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            calls.run();
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertEquals(BreakerState.CLOSED, breaker.state());
            // an object per call would be at least 1.6 MB
            assertTrue(allocated < 16 * 1024, () -> window + ": " + allocated + " bytes for 100000 calls");
        }
    }

    @Test
    void theRefusalIsACallRejectedException() {
        BreakerHarness h = new BreakerHarness(settings(2, 1, ExceptionLists.DEFAULT));
        h.calls("FF", Duration.ZERO);
        Outcome refused = h.succeed();
        assertNotNull(refused);
        CallRejectedException e = assertInstanceOf(CallRejectedException.class, refused.thrown());
        assertSame(CallNotPermittedException.class, e.getClass());
        assertEquals(LayerKind.CIRCUIT_BREAKER, h.breaker.kind());
    }
}
