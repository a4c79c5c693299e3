package dev.perfagent.agent.layer.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.CallRejectedException;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RateLimitLayerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String METHOD = "com.example.Client#fetch(String)";

    private final ManualTicker ticker = new ManualTicker(7_000 * MS);
    private final AdvancingSleeper sleeper = new AdvancingSleeper(ticker);

    private RateLimitLayer layer(RateLimitSettings settings) {
        return new RateLimitLayer(METHOD, settings, ticker, sleeper);
    }

    private static Outcome call(RateLimitLayer layer) {
        return layer.enter(LayeredCall.of(null, new Object[] {"key"}, 0));
    }

    @Test
    void rejectRefusesAtOnceNamingTheMethodAndTheRate() {
        RateLimitLayer layer = layer(RateLimitSettings.rejecting(2, Duration.ofSeconds(1), 0));
        assertEquals(LayerKind.RATE_LIMIT, layer.kind());
        assertNull(call(layer));
        Outcome refused = call(layer);
        assertNotNull(refused);
        CallRejectedException e = assertInstanceOf(CallRejectedException.class, refused.thrown());
        assertEquals(METHOD + ": rate limit 2/1s (burst 0) reached, call rejected", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace: refusals are cheap");
        ticker.advance(499 * MS);
        assertNotNull(call(layer), "the interval is 500 ms");
        ticker.advance(MS);
        assertNull(call(layer));
        assertEquals(List.of(), sleeper.sleeps(), "reject never sleeps");
        assertEquals(2.0, figure(layer, "permitted"));
        assertEquals(2.0, figure(layer, "rejected"));
        assertEquals(0.0, figure(layer, "waited"));
    }

    @Test
    void theBurstPassesAtOnceAndAvailablePermitsCountsIt() {
        RateLimitLayer layer = layer(RateLimitSettings.rejecting(10, Duration.ofSeconds(1), 4));
        assertEquals(5.0, figure(layer, "available_permits"));
        for (int i = 0; i < 5; i++) {
            assertNull(call(layer), "call " + i + " of the burst");
        }
        assertEquals(0.0, figure(layer, "available_permits"));
        assertNotNull(call(layer));
        ticker.advance(250 * MS);
        assertEquals(2.0, figure(layer, "available_permits"));
        assertNull(call(layer));
        assertNull(call(layer));
        assertNotNull(call(layer));
    }

    @Test
    void waitRefusesAtOnceWhenTheTurnIsBeyondMaxWaitAndTakesNoSlot() {
        RateLimitLayer layer = layer(RateLimitSettings.waiting(1, Duration.ofSeconds(1), 0, Duration.ofMillis(500)));
        long start = ticker.read();
        assertNull(call(layer));
        assertEquals(start + 1000 * MS, layer.theoreticalArrivalTime());

        Outcome refused = call(layer);
        assertNotNull(refused, "its turn is 1 s away");
        assertEquals(METHOD + ": rate limit 1/1s (burst 0): its turn is more than max-wait 500ms away, call rejected",
                refused.thrown().getMessage());
        assertEquals(List.of(), sleeper.sleeps(), "refused without sleeping first");
        assertEquals(start + 1000 * MS, layer.theoreticalArrivalTime(), "and without taking a slot");

        ticker.advance(600 * MS);
        assertNull(call(layer), "400 ms from its turn: it waits");
        assertEquals(List.of(400 * MS), sleeper.sleeps(), "the slot at 1 s, not one behind the refused call");
        assertEquals(start + 1000 * MS, ticker.read());
        assertEquals(start + 2000 * MS, layer.theoreticalArrivalTime());
        assertEquals(2.0, figure(layer, "permitted"));
        assertEquals(1.0, figure(layer, "rejected"));
        assertEquals(1.0, figure(layer, "waited"));
        assertEquals(0.4, figure(layer, "wait_seconds"), 1e-9);
    }

    @Test
    void waitersSleepInTurnAtTheRate() {
        RateLimitLayer layer = layer(RateLimitSettings.waiting(10, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)));
        long start = ticker.read();
        for (int i = 0; i < 6; i++) {
            assertNull(call(layer));
        }
        // Two at once (burst 1), then each caller sleeps until its slot, one interval after the last.
        assertEquals(List.of(100 * MS, 100 * MS, 100 * MS, 100 * MS), sleeper.sleeps());
        assertEquals(start + 400 * MS, ticker.read());
        assertEquals(4.0, figure(layer, "waited"));
        assertEquals(0.4, figure(layer, "wait_seconds"), 1e-9);
    }

    @Test
    void closeWakesTheWaitersAndTheyGoThrough() throws Exception {
        RateLimitLayer layer = new RateLimitLayer(METHOD,
                RateLimitSettings.waiting(1, Duration.ofHours(1), 0, Duration.ofHours(2)), ticker, Sleeper.parking());
        assertNull(call(layer));
        Caller waiter = Caller.start(() -> call(layer));
        Await.until("the caller waits for its turn, an hour away", () -> figure(layer, "waiting") == 1.0);
        layer.close();
        assertNull(waiter.outcome(), "woken by close, it goes through");
        assertEquals(2.0, figure(layer, "permitted"));
        assertEquals(1.0, figure(layer, "waited"));
        assertEquals(0.0, figure(layer, "waiting"));
        assertNull(call(layer), "a closed layer lets every call through");
    }

    @Test
    void anInterruptedWaiterIsRefusedWithItsFlagAndHandsBackOnlyTheLastSlot() throws Exception {
        RateLimitLayer layer = new RateLimitLayer(METHOD,
                RateLimitSettings.waiting(1, Duration.ofSeconds(1), 0, Duration.ofHours(1)), ticker, Sleeper.parking());
        long start = ticker.read();
        assertNull(call(layer));
        Caller first = Caller.start(() -> call(layer));
        Await.until("the first waits", () -> figure(layer, "waiting") == 1.0);
        Caller second = Caller.start(() -> call(layer));
        Await.until("the second waits", () -> figure(layer, "waiting") == 2.0);
        assertEquals(start + 3000 * MS, layer.theoreticalArrivalTime());

        first.thread().interrupt();
        Outcome refused = first.outcome();
        assertNotNull(refused);
        assertEquals(METHOD + ": rate limit 1/1s (burst 0): interrupted while waiting for its turn, call rejected",
                refused.thrown().getMessage());
        assertTrue(first.interruptedAfter(), "the interrupt flag is set again");
        assertEquals(start + 3000 * MS, layer.theoreticalArrivalTime(), "the second's slot is after it: kept");

        second.thread().interrupt();
        assertNotNull(second.outcome());
        assertTrue(second.interruptedAfter());
        assertEquals(start + 2000 * MS, layer.theoreticalArrivalTime(), "the last slot is handed back");
        assertEquals(1.0, figure(layer, "permitted"));
        assertEquals(2.0, figure(layer, "rejected"));
        assertEquals(0.0, figure(layer, "waited"));
        assertEquals(0.0, figure(layer, "waiting"));
    }

    @Test
    void refusalsOfOneKindShareOneOutcomeSoARefusalAllocatesNothing() {
        RateLimitLayer layer = layer(RateLimitSettings.rejecting(1, Duration.ofSeconds(1), 0));
        assertNull(call(layer));
        Outcome a = call(layer);
        Outcome b = call(layer);
        assertSame(a, b);
        assertTrue(a.thrown() instanceof CallRejectedException);
    }

    @Test
    void figuresAndStatesForTheExporters() {
        RateLimitLayer reject = layer(RateLimitSettings.rejecting(100, Duration.ofSeconds(1), 20));
        assertEquals("rate_limit", reject.layer());
        assertEquals(Map.of("limit", "100/1s burst 20 reject"), reject.states());
        Map<String, LayerFigure.Type> types = reject.figures().stream()
                .collect(Collectors.toMap(LayerFigure::name, LayerFigure::type));
        assertEquals(Map.of("permitted", LayerFigure.Type.COUNTER, "rejected", LayerFigure.Type.COUNTER,
                "waited", LayerFigure.Type.COUNTER, "wait_seconds", LayerFigure.Type.COUNTER,
                "waiting", LayerFigure.Type.GAUGE, "available_permits", LayerFigure.Type.GAUGE,
                "rate", LayerFigure.Type.GAUGE), types);
        assertEquals(100.0, figure(reject, "rate"));
        assertEquals(21.0, figure(reject, "available_permits"));

        RateLimitLayer wait = layer(RateLimitSettings.waiting(5, Duration.ofMillis(1500), 0, Duration.ofMillis(100)));
        assertEquals(Map.of("limit", "5/1500ms burst 0 wait max-wait 100ms"), wait.states());
        assertEquals(5 / 1.5, figure(wait, "rate"), 1e-9);
    }

    private static double figure(RateLimitLayer layer, String name) {
        return layer.figures().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + name)).value();
    }
}
