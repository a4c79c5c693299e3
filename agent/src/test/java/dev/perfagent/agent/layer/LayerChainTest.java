package dev.perfagent.agent.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerChainTest {

    /** Records what it sees; answers with {@code answer} when set. */
    static final class Probe implements CallLayer {
        final LayerKind kind;
        final List<String> log;
        Outcome answer;
        RuntimeException failOnEnter;

        Probe(LayerKind kind, List<String> log) {
            this.kind = kind;
            this.log = log;
        }

        @Override
        public LayerKind kind() {
            return kind;
        }

        @Override
        public Outcome enter(LayeredCall call) {
            log.add("enter " + kind.key());
            call.state(kind);
            call.mark(kind.ordinal());
            if (failOnEnter != null) {
                throw failOnEnter;
            }
            return answer;
        }

        @Override
        public void exit(LayeredCall call, Object returned, Throwable thrown) {
            // Each layer finds its own slots again.
            assertSame(kind, call.state());
            assertEquals(kind.ordinal(), call.mark());
            log.add("exit " + kind.key() + " " + returned + " " + thrown + " servedBy=" + call.servedBy().key());
        }
    }

    @Test
    void layersRunInTheirFixedOrderWhateverTheListOrder() {
        List<String> log = new ArrayList<>();
        List<Throwable> faults = new ArrayList<>();
        LayerChain chain = new LayerChain(List.of(new Probe(LayerKind.CACHE, log),
                new Probe(LayerKind.RATE_LIMIT, log), new Probe(LayerKind.CIRCUIT_BREAKER, log)), faults::add, Ticker.SYSTEM);
        Object call = chain.enter(null, new Object[0], 5);
        assertTrue(call instanceof LayeredCall);
        assertEquals(1, chain.inFlight());
        ((LayeredCall) call).exit("v", null);
        assertEquals(List.of("enter rate-limit", "enter circuit-breaker", "enter cache",
                "exit cache v null servedBy=method", "exit circuit-breaker v null servedBy=method",
                "exit rate-limit v null servedBy=method"), log);
        assertEquals(0, chain.inFlight());
        assertTrue(faults.isEmpty());
    }

    @Test
    void anOutcomeEndsTheCallAndOnlyOuterLayersSeeAnExit() {
        List<String> log = new ArrayList<>();
        Probe cache = new Probe(LayerKind.CACHE, log);
        cache.answer = Outcome.returning("hit");
        LayerChain chain = new LayerChain(List.of(new Probe(LayerKind.CIRCUIT_BREAKER, log), cache,
                new Probe(LayerKind.BATCH, log)), t -> { }, Ticker.SYSTEM);
        Object result = chain.enter(null, new Object[0], 0);
        assertSame(cache.answer, result);
        assertEquals(List.of("enter circuit-breaker", "enter cache", "exit circuit-breaker hit null servedBy=cache"),
                log);
        assertEquals(0, chain.inFlight());
    }

    @Test
    void aLayerThatThrowsIsCountedAndTheCallGoesOn() {
        List<String> log = new ArrayList<>();
        List<Throwable> faults = new ArrayList<>();
        Probe broken = new Probe(LayerKind.CONCURRENCY_LIMIT, log);
        broken.failOnEnter = new IllegalStateException("bug");
        LayerChain chain = new LayerChain(List.of(broken, new Probe(LayerKind.CACHE, log)), faults::add, Ticker.SYSTEM);
        LayeredCall call = (LayeredCall) chain.enter(null, new Object[0], 0);
        IllegalArgumentException thrown = new IllegalArgumentException("app");
        call.exit(null, thrown);
        assertEquals(1, faults.size());
        assertEquals(List.of("enter concurrency-limit", "enter cache",
                "exit cache null " + thrown + " servedBy=method",
                "exit concurrency-limit null " + thrown + " servedBy=method"), log);
    }

    @Test
    void twoLayersOfOneKindAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LayerChain(
                List.of(new Probe(LayerKind.CACHE, new ArrayList<>()), new Probe(LayerKind.CACHE, new ArrayList<>())),
                t -> { }, Ticker.SYSTEM));
    }

    @Test
    void layersShareTheChainsClockReadings() {
        long[] clock = {1_000};
        Ticker ticker = () -> clock[0] += 7; // each read moves on, so a reading a layer made itself would show
        List<Long> seen = new ArrayList<>();
        CallLayer reader = new CallLayer() {
            @Override
            public LayerKind kind() {
                return LayerKind.CIRCUIT_BREAKER;
            }

            @Override
            public Outcome enter(LayeredCall call) {
                seen.add(call.now(ticker));
                return null;
            }

            @Override
            public void exit(LayeredCall call, Object returned, Throwable thrown) {
                seen.add(call.now(ticker));
            }
        };
        Probe cache = new Probe(LayerKind.CACHE, new ArrayList<>());
        LayerChain chain = new LayerChain(List.of(reader, cache), t -> { }, ticker);
        ((LayeredCall) chain.enter(null, new Object[0], 500)).exit("v", null, 900);
        assertEquals(List.of(500L, 900L), seen, "the entry's and the exit's readings, no reading of its own");

        seen.clear();
        cache.answer = Outcome.returning("hit");
        chain.enter(null, new Object[0], 500);
        assertEquals(500L, seen.get(0));
        assertEquals(1_007L, seen.get(1), "an inner layer's outcome: the chain reads the clock once for the exits");
    }
}
