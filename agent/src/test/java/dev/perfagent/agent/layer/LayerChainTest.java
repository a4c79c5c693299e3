package dev.perfagent.agent.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        boolean confines;
        /** What {@link #enter} found in the call's slots before setting its own. */
        Object stateOnEnter;
        long markOnEnter;

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
            stateOnEnter = call.state();
            markOnEnter = call.mark();
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

        @Override
        public boolean confinesCalls() {
            return confines;
        }
    }

    private static Probe confining(LayerKind kind, List<String> log) {
        Probe probe = new Probe(kind, log);
        probe.confines = true;
        return probe;
    }

    @Test
    void aChainOfConfiningLayersReusesOneCallPerThreadAsIfItWereNew() throws InterruptedException {
        List<String> log = new ArrayList<>();
        Probe breaker = confining(LayerKind.CIRCUIT_BREAKER, log);
        Probe limit = confining(LayerKind.RATE_LIMIT, log);
        LayerChain chain = new LayerChain(List.of(breaker, limit), t -> { }, Ticker.SYSTEM);
        assertTrue(chain.reusesCalls());

        Object receiver = new Object();
        Object[] arguments = {"a"};
        LayeredCall first = (LayeredCall) chain.enter(receiver, arguments, 100);
        first.exit("one", null, 150);
        assertNull(first.self(), "a finished spare holds none of the caller's objects");
        assertNull(first.args());

        LayeredCall second = (LayeredCall) chain.enter(receiver, arguments, 200);
        assertSame(first, second);
        assertSame(receiver, second.self());
        assertSame(arguments, second.args());
        assertEquals(200, second.startNanos());
        assertEquals(200, second.now(Ticker.SYSTEM), "the clock reading is the new call's");
        assertEquals(LayerKind.METHOD, second.servedBy());
        assertNull(breaker.stateOnEnter, "every slot starts empty again");
        assertEquals(0, breaker.markOnEnter);
        assertNull(limit.stateOnEnter);

        // While the thread's spare is taken, a call that enters the chain again gets an object of its own.
        LayeredCall inner = (LayeredCall) chain.enter(null, new Object[0], 210);
        assertNotSame(second, inner);
        inner.exit(null, null, 220);
        second.exit("two", null, 250);

        // Another thread gets its own.
        LayeredCall[] other = new LayeredCall[1];
        Thread thread = new Thread(() -> {
            other[0] = (LayeredCall) chain.enter(null, new Object[0], 300);
            other[0].exit(null, null, 310);
        });
        thread.start();
        thread.join();
        assertNotSame(second, other[0]);
        assertEquals(0, chain.inFlight());
    }

    @Test
    void virtualThreadsGetAFreshCallEachTime() throws Exception {
        List<String> log = new ArrayList<>();
        LayerChain chain = new LayerChain(List.of(confining(LayerKind.RATE_LIMIT, log)), t -> { }, Ticker.SYSTEM);
        LayeredCall[] calls = new LayeredCall[2];
        Thread virtual = VirtualThreads.start(() -> {
            for (int i = 0; i < 2; i++) {
                calls[i] = (LayeredCall) chain.enter(null, new Object[0], i);
                calls[i].exit(null, null, i + 1);
            }
        });
        assumeTrue(virtual != null, "no virtual threads before JDK 21");
        virtual.join();
        assertNotSame(calls[0], calls[1], "a virtual thread claims no spare");
    }

    @Test
    void aCallEndedByAnOutcomeFreesTheSpare() {
        List<String> log = new ArrayList<>();
        Probe breaker = confining(LayerKind.CIRCUIT_BREAKER, log);
        Probe limit = confining(LayerKind.RATE_LIMIT, log);
        limit.answer = Outcome.throwing(new IllegalStateException("refused"));
        LayerChain chain = new LayerChain(List.of(breaker, limit), t -> { }, Ticker.SYSTEM);
        assertSame(limit.answer, chain.enter(null, new Object[0], 0));
        limit.answer = null;
        LayeredCall next = (LayeredCall) chain.enter(null, new Object[0], 10);
        next.exit(null, null, 20);
        assertSame(next, chain.enter(null, new Object[0], 30), "the refused call's spare served the next two");
    }

    @Test
    void aLayerThatMayKeepCallsMakesTheChainAllocateEachCall() {
        List<String> log = new ArrayList<>();
        LayerChain chain = new LayerChain(List.of(confining(LayerKind.CIRCUIT_BREAKER, log),
                new Probe(LayerKind.CACHE, log)), t -> { }, Ticker.SYSTEM);
        assertFalse(chain.reusesCalls());
        Object[] arguments = {"k"};
        LayeredCall first = (LayeredCall) chain.enter(null, arguments, 0);
        first.exit(null, null, 1);
        assertSame(arguments, first.args(), "a cache's waiters may still read a finished call");
        assertNotSame(first, chain.enter(null, arguments, 2));
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
