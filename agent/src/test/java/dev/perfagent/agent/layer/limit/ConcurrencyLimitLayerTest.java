package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.CallRejectedException;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The layer in a chain: what reaches the limiter for each way a call can end, refusals, partitions, figures. */
class ConcurrencyLimitLayerTest {
    private static final String METHOD = "com.example.FeatureClient#fetch(String)";

    private final FakeTicker ticker = new FakeTicker(1_000_000);
    private final RecordingAlgorithm algorithm = new RecordingAlgorithm(2);

    /** A layer further in that answers every call itself (a cache hit, a breaker's refusal, a batch). */
    private record Answering(LayerKind kind, Supplier<Outcome> outcome) implements CallLayer {
        @Override
        public Outcome enter(LayeredCall call) {
            return outcome.get();
        }
    }

    private static final class SlowTimeout extends TimeoutException {
    }

    /** A layer whose limiter runs {@link #algorithm}, which records the samples (its limit is 2). */
    private ConcurrencyLimitLayer layer(LimiterSettings settings, int partitionBy, List<String> droppedOn) {
        return new ConcurrencyLimitLayer(METHOD, new ConcurrencyLimiter(settings, algorithm, ticker), partitionBy,
                new DroppedExceptions(droppedOn), ticker);
    }

    /** A layer whose limiter runs the settings' own algorithm. */
    private ConcurrencyLimitLayer realLayer(LimiterSettings settings, int partitionBy) {
        return new ConcurrencyLimitLayer(METHOD, new ConcurrencyLimiter(settings, ticker), partitionBy,
                DroppedExceptions.NONE, ticker);
    }

    private ConcurrencyLimitLayer layer() {
        return layer(LimiterSettings.rejecting(new FixedSettings(2)), -1,
                List.of("java.util.concurrent.TimeoutException"));
    }

    private LayerChain chain(CallLayer... layers) {
        return new LayerChain(List.of(layers), fault -> {
            throw new AssertionError("a layer failed", fault);
        }, ticker);
    }

    @Test
    void aCallThatRanGivesAnRttSampleFromItsAdmission() {
        ConcurrencyLimitLayer layer = layer();
        // An outer layer that made the call wait 300 us, as a rate limit in wait mode does.
        CallLayer waited = new CallLayer() {
            @Override
            public dev.perfagent.agent.layer.LayerKind kind() {
                return dev.perfagent.agent.layer.LayerKind.RATE_LIMIT;
            }

            @Override
            public dev.perfagent.bootstrap.Outcome enter(LayeredCall call) {
                call.clockAt(call.startNanos() + 300_000);
                return null;
            }
        };
        LayerChain chain = chain(waited, layer);
        // The call entered the chain 300 us ago and the outer layer let it go on only now: the sample is the
        // dependency's time from here, not the wait.
        Object call = chain.enter(null, new Object[] {"k"}, ticker.read() - 300_000);
        assertInstanceOf(LayeredCall.class, call);
        assertEquals(1, layer.limiter().inFlight());
        ticker.advance(2_000_000);
        ((LayeredCall) call).exit("value", null);
        assertEquals(List.of(new RecordingAlgorithm.Sample(2_000_000, 1, false)), algorithm.samples);
        assertEquals(0, layer.limiter().inFlight());
    }

    @Test
    void exceptionsAreIgnoredUnlessNamedInDroppedOnOrASubclassOfOne() {
        ConcurrencyLimitLayer layer = layer();
        LayerChain chain = chain(layer);
        LayeredCall failed = (LayeredCall) chain.enter(null, new Object[] {"k"}, ticker.read());
        ticker.advance(1_000);
        failed.exit(null, new IOException("boom"));
        assertEquals(List.of(), algorithm.samples);

        LayeredCall timedOut = (LayeredCall) chain.enter(null, new Object[] {"k"}, ticker.read());
        ticker.advance(5_000);
        timedOut.exit(null, new SlowTimeout());
        assertEquals(List.of(new RecordingAlgorithm.Sample(5_000, 1, true)), algorithm.samples);
        assertEquals(1, layer.limiter().drops());
        assertEquals(0, layer.limiter().inFlight());
    }

    @Test
    void aCacheHitOrABreakersRefusalGivesThePermitBackWithoutASample() {
        for (LayerKind inner : List.of(LayerKind.CACHE, LayerKind.CIRCUIT_BREAKER)) {
            ConcurrencyLimitLayer layer = layer();
            Outcome answer = inner == LayerKind.CACHE ? Outcome.returning("cached")
                    : Outcome.throwing(new CallRejectedException("breaker open"));
            Object result = chain(layer, new Answering(inner, () -> answer)).enter(null, new Object[] {"k"},
                    ticker.read());
            assertEquals(answer, result);
            assertEquals(0, layer.limiter().inFlight(), inner + ": permit given back");
        }
        assertEquals(List.of(), algorithm.samples);
    }

    @Test
    void aBatchedCallIsASampleForTheBatchFormRan() {
        ConcurrencyLimitLayer layer = layer();
        Object result = chain(layer, new Answering(LayerKind.BATCH, () -> {
            ticker.advance(7_000);
            return Outcome.returning("batched");
        })).enter(null, new Object[] {"k"}, ticker.read());
        assertInstanceOf(Outcome.class, result);
        assertEquals(List.of(new RecordingAlgorithm.Sample(7_000, 1, false)), algorithm.samples);
    }

    @Test
    void refusesWithAMessageNamingTheMethodTheLimitAndTheCallsInFlight() {
        ConcurrencyLimitLayer layer = layer();
        List<String> reachedInner = new ArrayList<>();
        LayerChain chain = chain(layer, new Answering(LayerKind.CACHE, () -> {
            reachedInner.add("inner");
            return null;
        }));
        chain.enter(null, new Object[] {"a"}, ticker.read());
        chain.enter(null, new Object[] {"b"}, ticker.read());
        Object refused = chain.enter(null, new Object[] {"c"}, ticker.read());
        Outcome outcome = assertInstanceOf(Outcome.class, refused);
        CallRejectedException e = assertInstanceOf(CallRejectedException.class, outcome.thrown());
        assertEquals("concurrency limit of " + METHOD + " reached: limit 2, 2 in flight (gradient2)", e.getMessage());
        assertEquals(2, reachedInner.size(), "the refused call went no further");
        assertEquals(2, layer.limiter().inFlight());
        assertEquals(1, layer.limiter().rejected());
    }

    @Test
    void waitedTooLongTheMessageSaysSo() throws Exception {
        ConcurrencyLimitLayer layer = realLayer(new LimiterSettings(new FixedSettings(1), WhenLimited.WAIT,
                Duration.ofMillis(20), List.of()), -1);
        LayerChain chain = chain(layer);
        chain.enter(null, new Object[] {"a"}, ticker.read());
        java.util.concurrent.CompletableFuture<Object> second = new java.util.concurrent.CompletableFuture<>();
        Thread waiter = new Thread(() -> second.complete(chain.enter(null, new Object[] {"b"}, ticker.read())));
        waiter.start();
        Eventually.until("queued", () -> layer.limiter().waiting() == 1);
        ticker.advance(Duration.ofMillis(20).toNanos());
        Outcome outcome = (Outcome) second.get(10, java.util.concurrent.TimeUnit.SECONDS);
        waiter.join();
        assertEquals("concurrency limit of " + METHOD + ": no room within max-wait 20ms (limit 1, 1 in flight)"
                + " (fixed)", outcome.thrown().getMessage());
    }

    @Test
    void thePartitionComesFromTheArgument() {
        ConcurrencyLimitLayer layer = layer(new LimiterSettings(new FixedSettings(2), WhenLimited.REJECT,
                Duration.ZERO, List.of(new PartitionShare("7", 50), new PartitionShare("batch", 50))), 1, List.of());
        LayerChain chain = chain(layer);
        chain.enter(null, new Object[] {"x", "batch"}, ticker.read());
        chain.enter(null, new Object[] {"x", "batch"}, ticker.read());
        Object refused = chain.enter(null, new Object[] {"x", "batch"}, ticker.read());
        assertEquals("concurrency limit of " + METHOD + " reached: limit 2, 2 in flight; partition 'batch' has 2"
                + " in flight, guaranteed 1 (gradient2)", ((Outcome) refused).thrown().getMessage());
        assertInstanceOf(LayeredCall.class, chain.enter(null, new Object[] {"x", 7}, ticker.read()),
                "String.valueOf(7) names the partition '7', within its guarantee");
        assertInstanceOf(LayeredCall.class, chain.enter(null, new Object[] {"x", null}, ticker.read()),
                "null goes to the default partition, within its guarantee of 1");
        assertEquals(List.of(1, 2, 1), layer.limiter().partitions().stream()
                .map(ConcurrencyLimiter.PartitionSnapshot::inFlight).collect(Collectors.toList()));
    }

    @Test
    void closedTheLayerLetsCallsThroughAndReleasesNothingForThem() {
        ConcurrencyLimitLayer layer = layer();
        LayerChain chain = chain(layer);
        LayeredCall held = (LayeredCall) chain.enter(null, new Object[] {"a"}, ticker.read());
        chain.close();
        LayeredCall free = (LayeredCall) chain.enter(null, new Object[] {"b"}, ticker.read());
        free.exit("v", null);
        assertEquals(1, layer.limiter().inFlight());
        held.exit("v", null);
        assertEquals(0, layer.limiter().inFlight());
        assertEquals("closed", layer.states().get("state"));
    }

    @Test
    void aPartitionArgumentTheMethodLacksLeavesTheMethodUnlimited() {
        LimiterSettings settings = new LimiterSettings(new FixedSettings(2), WhenLimited.REJECT, Duration.ZERO,
                List.of(new PartitionShare("live", 50)));
        LayerTarget target = LayerTarget.of("r", METHOD, "String", List.of("String"));
        assertTrue(ConcurrencyLimitLayer.create(target, settings, OptionalInt.of(1), List.of(), ticker,
                AgentLog.toStderr(AgentLog.Level.ERROR)).isEmpty());
        assertTrue(ConcurrencyLimitLayer.create(target, settings, OptionalInt.of(0), List.of(), ticker,
                AgentLog.toStderr(AgentLog.Level.ERROR)).isPresent());
    }

    @Test
    void figuresAndStates() {
        ConcurrencyLimitLayer layer = new ConcurrencyLimitLayer(METHOD, new ConcurrencyLimiter(
                LimiterSettings.rejecting(Gradient2Settings.DEFAULTS), ticker), -1,
                new DroppedExceptions(List.of("java.util.concurrent.TimeoutException")), ticker);
        LayerChain chain = chain(layer);
        LayeredCall call = (LayeredCall) chain.enter(null, new Object[] {"a"}, ticker.read());
        ticker.advance(4_000_000);
        call.exit(null, new TimeoutException());
        chain.enter(null, new Object[] {"b"}, ticker.read());

        assertEquals("concurrency_limit", layer.layer());
        Map<String, LayerFigure> figures = layer.figures().stream().collect(Collectors.toMap(
                f -> f.name() + f.labels(), f -> f));
        assertEquals(20.0, figures.get("limit{}").value());
        assertEquals(1.0, figures.get("in_flight{}").value());
        assertEquals(1.0, figures.get("drops{}").value());
        assertEquals(LayerFigure.Type.COUNTER, figures.get("drops{}").type());
        assertEquals(0.0, figures.get("rejected{}").value());
        assertEquals(0.004, figures.get("rtt_seconds{kind=short}").value(), 1e-12);
        assertEquals(0.004, figures.get("rtt_seconds{kind=long}").value(), 1e-12);
        assertTrue(figures.containsKey("waited{}") && figures.containsKey("wait_seconds{}"));

        Map<String, String> states = layer.states();
        assertEquals("gradient2", states.get("algorithm"));
        assertEquals("0.2", states.get("smoothing"));
        assertEquals("reject", states.get("when-limited"));
        assertEquals("java.util.concurrent.TimeoutException", states.get("dropped-on"));
        assertFalse(states.containsKey("state"));
    }

    @Test
    void aFixedLimitIsAFigureNotAStateWord() {
        // A state named like a figure hides the figure from /status and /history (LayerStatus, LayerHistory).
        ConcurrencyLimitLayer layer = realLayer(LimiterSettings.rejecting(new FixedSettings(3)), -1);
        Map<String, LayerFigure> figures = layer.figures().stream().collect(Collectors.toMap(
                f -> f.name() + f.labels(), f -> f));
        assertEquals(3.0, figures.get("limit{}").value());
        assertEquals("fixed", layer.states().get("algorithm"));
        assertFalse(layer.states().containsKey("limit"), layer.states().toString());
    }

    @Test
    void partitionedFiguresCarryThePartitionLabel() {
        ConcurrencyLimitLayer layer = realLayer(new LimiterSettings(new FixedSettings(10), WhenLimited.WAIT,
                Duration.ofMillis(5), List.of(new PartitionShare("live", 80))), 0);
        chain(layer).enter(null, new Object[] {"live"}, ticker.read());
        Map<String, Double> figures = layer.figures().stream().filter(f -> f.labels().containsKey("partition"))
                .collect(Collectors.toMap(f -> f.name() + "/" + f.labels().get("partition"), LayerFigure::value));
        assertEquals(Map.of("rejected/live", 0.0, "partition_guaranteed/live", 8.0, "partition_in_flight/live", 1.0,
                "rejected/default", 0.0, "partition_guaranteed/default", 2.0, "partition_in_flight/default", 0.0),
                figures);
        assertEquals("live=80.0%, default=20.0%", layer.states().get("partition.shares"));
        assertEquals("5ms", layer.states().get("max-wait"));
    }

    @Test
    void enterAndExitAllocateNothing() {
        final int calls = 100_000;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (LimitAlgorithmSettings algorithm : List.of(new FixedSettings(100), Gradient2Settings.DEFAULTS)) {
            ConcurrencyLimitLayer layer = new ConcurrencyLimitLayer(METHOD,
                    new ConcurrencyLimiter(LimiterSettings.rejecting(algorithm), ticker), -1, DroppedExceptions.NONE,
                    ticker);
            LayeredCall call = LayeredCall.of(null, new Object[] {"k"}, ticker.read());
            for (int i = 0; i < calls; i++) {
                enterAndExit(layer, call);
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < calls; i++) {
                enterAndExit(layer, call);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            // Less than a byte a call: the readings and the JIT's doings cost a few kB at most, while the smallest
            // object per call would cost 16 bytes a call.
            assertTrue(allocated < calls, algorithm.kind() + " allocated " + allocated + " bytes in " + calls + " calls");
            assertEquals(0, layer.limiter().inFlight());
        }
    }

    private void enterAndExit(ConcurrencyLimitLayer layer, LayeredCall call) {
        assertNull(layer.enter(call));
        ticker.advance(1_000);
        layer.exit(call, "v", null);
    }
}
