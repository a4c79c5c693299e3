package dev.perfagent.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.cache.CacheLayer;
import dev.perfagent.agent.layer.cache.CacheSettings;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cache layer's hit path beside its anchor, raw Caffeine: the layer's {@code enter} for a key it holds,
 * on a {@link LayeredCall} reused as the chain hands it over (building the key from the call's arguments,
 * looking it up, counting the hit, wrapping the value in an {@code Outcome}), against {@code getIfPresent} on
 * a Caffeine cache of the same bound holding the same keys, taken from the same calls' arguments in the same
 * order (so both pay for reaching the arguments, which the chain hands over): 1024 {@code Integer} keys
 * ({@code oneArgument}: the argument is the key itself), and the same keys paired with a second argument
 * ({@code twoArguments}: the layer builds its content key, raw Caffeine a record key, one allocation per
 * lookup each). The target is the layer's hit at most 1.3x raw Caffeine's.
 *
 * <p>Run on a quiet machine, with the allocation profiler, once per thread count:
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar CacheBenchmark -prof gc -t 1
 * java -jar benchmarks/target/benchmarks.jar CacheBenchmark -prof gc -t 2
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class CacheBenchmark {
    static final int KEYS = 1024;
    static final int BOUND = 10_000;
    /**
     * A bound the 1024 keys fill past half: from half full on, Caffeine records reads for its eviction policy
     * (its frequency sketch starts there), and each of the layer's hits also reads Caffeine, for its policy.
     */
    static final int BOUND_HALF_FULL = 1536;
    /** Length of the visiting order: a random walk over the keys, the same for every benchmark. */
    static final int ORDER = 1 << 14;

    /** The raw cache's key for two arguments, as a hand-written memoizer would make it. */
    record Pair(Object first, Object second) {
    }

    final Integer[] keys = new Integer[KEYS];
    final Integer[] seconds = new Integer[KEYS];
    final int[] order = new int[ORDER];
    CacheLayer oneArgument;
    CacheLayer twoArguments;
    CacheLayer oneArgumentHalfFull;
    CacheLayer oneArgumentTtl;
    Cache<Object, Object> raw;
    Cache<Object, Object> rawPairs;
    Cache<Object, Object> rawHalfFull;
    Cache<Object, Object> rawTtl;

    @Setup(Level.Trial)
    public void fill() {
        Random random = new Random(42);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = 1_000_000 + i; // outside the Integer cache, as application keys are
            seconds[i] = 2_000_000 + random.nextInt(1000);
        }
        for (int i = 0; i < ORDER; i++) {
            order[i] = random.nextInt(KEYS);
        }
        AgentLog log = AgentLog.toStderr(AgentLog.Level.ERROR);
        oneArgument = oneArgumentLayer(CacheSettings.ofMaxSize(BOUND).withShared(true), log);
        twoArguments = new CacheLayer(CacheSettings.ofMaxSize(BOUND).withShared(true),
                LayerTarget.of("bench", "bench.Service#find(java.lang.Integer, java.lang.Integer)", "java.lang.Object",
                        List.of("java.lang.Integer", "java.lang.Integer")), Ticker.SYSTEM, log);
        oneArgumentHalfFull = oneArgumentLayer(CacheSettings.ofMaxSize(BOUND_HALF_FULL).withShared(true), log);
        oneArgumentTtl = oneArgumentLayer(CacheSettings.ofMaxSize(BOUND).withShared(true)
                .withTtl(Duration.ofMinutes(10)), log);
        raw = Caffeine.newBuilder().maximumSize(BOUND).executor(Runnable::run).build();
        rawTtl = Caffeine.newBuilder().maximumSize(BOUND).expireAfterWrite(Duration.ofMinutes(10))
                .executor(Runnable::run).build();
        rawHalfFull = Caffeine.newBuilder().maximumSize(BOUND_HALF_FULL).executor(Runnable::run).build();
        rawPairs = Caffeine.newBuilder().maximumSize(BOUND).executor(Runnable::run).build();
        LayerChain one = new LayerChain(List.of(oneArgument), Throwable::printStackTrace, Ticker.SYSTEM);
        LayerChain two = new LayerChain(List.of(twoArguments), Throwable::printStackTrace, Ticker.SYSTEM);
        LayerChain halfFull = new LayerChain(List.of(oneArgumentHalfFull), Throwable::printStackTrace, Ticker.SYSTEM);
        LayerChain ttl = new LayerChain(List.of(oneArgumentTtl), Throwable::printStackTrace, Ticker.SYSTEM);
        for (int i = 0; i < KEYS; i++) {
            String value = "value " + i;
            // A miss as the advice makes it: enter, the body (here: the value), exit stores it.
            ((LayeredCall) one.enter(null, new Object[] {keys[i]}, 0)).exit(value, null);
            ((LayeredCall) two.enter(null, new Object[] {keys[i], seconds[i]}, 0)).exit(value, null);
            ((LayeredCall) halfFull.enter(null, new Object[] {keys[i]}, 0)).exit(value, null);
            ((LayeredCall) ttl.enter(null, new Object[] {keys[i]}, 0)).exit(value, null);
            rawTtl.put(keys[i], value);
            raw.put(keys[i], value);
            rawHalfFull.put(keys[i], value);
            rawPairs.put(new Pair(keys[i], seconds[i]), value);
        }
        if (oneArgument.size() != KEYS || twoArguments.size() != KEYS || oneArgumentHalfFull.size() != KEYS
                || oneArgumentTtl.size() != KEYS) {
            throw new IllegalStateException("the layers did not store every key");
        }
    }

    /** A layer on {@code bench.Service#find(Integer)}, keyed by its one argument. */
    private static CacheLayer oneArgumentLayer(CacheSettings settings, AgentLog log) {
        return new CacheLayer(settings, LayerTarget.of("bench", "bench.Service#find(java.lang.Integer)",
                "java.lang.Object", List.of("java.lang.Integer")), Ticker.SYSTEM, log);
    }

    @TearDown(Level.Trial)
    public void close() {
        oneArgument.close();
        twoArguments.close();
        oneArgumentHalfFull.close();
        oneArgumentTtl.close();
    }

    /**
     * Each thread's place in the visiting order and one call per key, reused by every invocation: what is
     * measured is the layer's work on a call, not the chain's allocation of it.
     */
    @State(Scope.Thread)
    public static class Caller {
        LayeredCall[] oneArgumentCalls;
        LayeredCall[] twoArgumentCalls;
        int next;

        @Setup(Level.Trial)
        public void calls(CacheBenchmark bench) {
            oneArgumentCalls = new LayeredCall[KEYS];
            twoArgumentCalls = new LayeredCall[KEYS];
            for (int i = 0; i < KEYS; i++) {
                oneArgumentCalls[i] = LayeredCall.of(null, new Object[] {bench.keys[i]}, 0);
                twoArgumentCalls[i] = LayeredCall.of(null, new Object[] {bench.keys[i], bench.seconds[i]}, 0);
            }
            next = (int) Thread.currentThread().getId() * 997; // threads start at different places
        }

        int nextKey(int[] order) {
            return order[next++ & (ORDER - 1)];
        }
    }

    @Benchmark
    public Object layerHitOneArgument(Caller caller) {
        return oneArgument.enter(caller.oneArgumentCalls[caller.nextKey(order)]);
    }

    @Benchmark
    public Object caffeineHitOneArgument(Caller caller) {
        return raw.getIfPresent(caller.oneArgumentCalls[caller.nextKey(order)].args()[0]);
    }

    @Benchmark
    public Object layerHitHalfFull(Caller caller) {
        return oneArgumentHalfFull.enter(caller.oneArgumentCalls[caller.nextKey(order)]);
    }

    @Benchmark
    public Object caffeineHitHalfFull(Caller caller) {
        return rawHalfFull.getIfPresent(caller.oneArgumentCalls[caller.nextKey(order)].args()[0]);
    }

    /** A cache with {@code ttl}: every hit reads the clock, in the layer as in Caffeine (no front table). */
    @Benchmark
    public Object layerHitTtl(Caller caller) {
        return oneArgumentTtl.enter(caller.oneArgumentCalls[caller.nextKey(order)]);
    }

    @Benchmark
    public Object caffeineHitTtl(Caller caller) {
        return rawTtl.getIfPresent(caller.oneArgumentCalls[caller.nextKey(order)].args()[0]);
    }

    /**
     * Raw Caffeine's read that leaves the eviction policy alone: not the anchor, but what shows how much of a
     * hit the policy's bookkeeping is.
     */
    @Benchmark
    public Object caffeineQuietHitOneArgument(Caller caller) {
        return raw.policy().getIfPresentQuietly(caller.oneArgumentCalls[caller.nextKey(order)].args()[0]);
    }

    @Benchmark
    public Object layerHitTwoArguments(Caller caller) {
        return twoArguments.enter(caller.twoArgumentCalls[caller.nextKey(order)]);
    }

    @Benchmark
    public Object caffeineHitTwoArguments(Caller caller) {
        Object[] args = caller.twoArgumentCalls[caller.nextKey(order)].args();
        return rawPairs.getIfPresent(new Pair(args[0], args[1]));
    }
}
