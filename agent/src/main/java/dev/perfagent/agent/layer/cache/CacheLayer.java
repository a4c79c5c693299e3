package dev.perfagent.agent.layer.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.perfagent.CallRejectedException;
import dev.perfagent.CallTimeoutException;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.StripedCounter;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import dev.perfagent.export.jfr.CacheEvictionStormEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The cache layer of one site (a rule's {@code cache:}): answers a call from a Caffeine cache when it holds a
 * value for the call's key, and otherwise lets the call run the method body and stores what it returned. The
 * agent weaves advice and cannot call the body itself, so a miss is two steps on the caller's thread: {@link
 * #enter} returns null, the body runs, {@link #exit} stores the value.
 *
 * <ul>
 *   <li><b>Keys</b> ({@link CacheKeyFactory}): the arguments at the key positions by content (arrays deeply,
 *       copied into the stored key) and, unless {@code shared}, the receiver by identity, held weakly: an
 *       entry does not keep its receiver alive, and entries of collected receivers are dropped.</li>
 *   <li><b>Single flight</b> ({@link LoadFlights}): concurrent misses of one key run the body once; the others
 *       wait and get the same value. If that call throws (or its result is not the method's), the waiters run
 *       the method themselves, so each caller gets its own exception.</li>
 *   <li><b>Refresh-ahead</b> ({@link BackgroundRefresher}): a hit on an entry older than {@code refresh-after}
 *       returns it at once and reloads it in the background, one refresh of a key at a time.</li>
 *   <li><b>Invalidation</b>: {@link #invalidateAll} (what {@link InvalidationLayer} calls) clears the cache; a
 *       load that began before it stores nothing.</li>
 *   <li><b>Front table</b> ({@link FrontTable}): caches with no clock in them (no {@code ttl}, {@code idle},
 *       {@code refresh-after}) nor stored exceptions answer hits on hot keys from a small table in front of
 *       Caffeine, comparing the call's arguments with the stored key.</li>
 * </ul>
 *
 * <p>Stored are only values the method produced ({@link LayerKind#reachedMethod()}): never a refusal of an
 * inner layer. A null is stored only with {@code cache-nulls}; an exception only with {@code cache-exceptions}
 * (then an {@link Exception}, not an {@link Error} nor an {@link InterruptedException}, from a miss, never from a
 * refresh, rethrown as the same instance until {@code ttl}). Values are shared by every caller that hits them,
 * not copied.
 *
 * <p>Runs on application threads, concurrently; never throws. A policy that cannot apply to the method (a key
 * position past its parameters, a void method without {@code cache-nulls}) turns the layer off: it logs why
 * once and lets every call through.
 */
public final class CacheLayer implements CallLayer, LayerMetrics {
    /** How many keys {@link #hostValues()} lists. */
    static final int HOT_KEYS = 10;

    private final CacheSettings settings;
    private final String method;
    private final Ticker ticker;
    /**
     * The calls' {@link Outcome}s; {@link CacheEntry}s when {@link #wrapped}; {@link FrontEntry}s when there is
     * a {@link #front} table.
     */
    private final Cache<Object, Object> cache;
    /** Recently hit entries, answering hits without reading Caffeine; null for caches with a clock in them. */
    private final FrontTable front;
    /**
     * Whether hits must feed Caffeine's eviction policy: from the time the cache first held half of its bound,
     * as in Caffeine, which leaves its read buffer alone until then (its frequency sketch starts at half full).
     */
    private volatile boolean feedPolicy;
    /** Whether entries carry more than the value (a store time for refresh-ahead, or an exception). */
    private final boolean wrapped;
    private final StripedCounter hits = new StripedCounter();
    private final CacheKeyFactory keys;
    private final LoadFlights loads = new LoadFlights();
    private final LoadFlights refreshes = new LoadFlights();
    private final BackgroundRefresher refresher;
    private final long refreshAfterNanos;
    private final CacheStats stats = new CacheStats();
    private final EvictionStormWatch storms = new EvictionStormWatch();
    private final String rule;
    /** Bumped by every invalidation: a load that began in an older generation stores nothing. */
    private final AtomicLong generation = new AtomicLong();
    /** Stores take its shared side, invalidations its exclusive side: see {@link #store}. */
    private final ReentrantReadWriteLock invalidation = new ReentrantReadWriteLock();
    private final String off;
    private volatile boolean closed;

    /**
     * @param target the woven method: its parameters (for the key positions), whether it is static, and how to
     *               reach it from the refresh thread
     * @param ticker the clock for expiry, refresh-ahead and load times
     */
    public CacheLayer(CacheSettings settings, LayerTarget target, Ticker ticker, AgentLog log) {
        this.settings = settings;
        this.method = target.method();
        this.rule = target.rule();
        this.ticker = ticker;
        this.off = offReason(settings, target);
        if (off != null) {
            log.warn("cache layer of " + method + " is off: " + off + "; calls run uncached");
        }
        this.keys = new CacheKeyFactory(settings.key().orElse(null), !settings.shared() && !target.isStatic(),
                target.parameterTypes());
        this.wrapped = settings.refreshAfter().isPresent() || settings.cacheExceptions();
        this.front = off != null || wrapped || settings.ttl().isPresent() || settings.idle().isPresent() ? null
                : new FrontTable(settings.maxSize().orElse(Long.MAX_VALUE));
        this.cache = build(settings, ticker, stats, front);
        this.refreshAfterNanos = settings.refreshAfter().map(d -> Math.max(1, d.toNanos())).orElse(0L);
        this.refresher = refreshAfterNanos == 0 || off != null ? null : new BackgroundRefresher(target, log);
    }

    private static String offReason(CacheSettings settings, LayerTarget target) {
        int arity = target.parameterTypes().size();
        for (int position : settings.key().orElse(List.of())) {
            if (position >= arity) {
                return "key position " + position + " is past the method's parameters (it has " + arity
                        + ", counted from 0)";
            }
        }
        if ("void".equals(target.returnType()) && !settings.cacheNulls()) {
            return "a void method returns nothing to store (with cache-nulls: true, repeated calls would be skipped)";
        }
        return null;
    }

    private static Cache<Object, Object> build(CacheSettings settings, Ticker ticker, CacheStats stats,
                                               FrontTable front) {
        // Maintenance on the callers' threads: an agent must not borrow the host's ForkJoinPool.commonPool().
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .executor(Runnable::run)
                .ticker(ticker::read)
                .evictionListener((Object key, Object stored, RemovalCause cause) -> stats.evicted(cause));
        if (front != null) {
            // Every removal, whatever its cause: from then on no front-table slot answers with the entry.
            builder.removalListener((Object key, Object stored, RemovalCause cause) -> {
                if (stored instanceof FrontEntry) {
                    FrontEntry entry = (FrontEntry) stored;
                    entry.removed();
                    front.clear(entry);
                }
            });
        }
        settings.maxSize().ifPresent(builder::maximumSize);
        if (settings.maxWeight().isPresent()) {
            builder = builder.maximumWeight(settings.maxWeight().getAsLong()).weigher(new EntryWeigher());
        }
        settings.ttl().ifPresent(builder::expireAfterWrite);
        settings.idle().ifPresent(builder::expireAfterAccess);
        return builder.build();
    }

    @Override
    public LayerKind kind() {
        return LayerKind.CACHE;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        // Kept small, the rare paths in methods of their own: the hit path is what the JIT should inline.
        if (off != null || closed) {
            return null;
        }
        if (refresher != null && Thread.currentThread() instanceof RefreshThread) {
            return enterRefresh(call);
        }
        if (front != null) {
            return enterFront(call);
        }
        Object key = keys.lookupKey(call.self(), call.args());
        Object stored = cache.getIfPresent(key);
        if (stored == null) {
            return miss(call, key);
        }
        if (wrapped) {
            return hit(call, key, (CacheEntry) stored);
        }
        hits.increment();
        return (Outcome) stored;
    }

    /** Through the front table: a hit there compares the call's arguments with the stored key, making no key. */
    private Outcome enterFront(LayeredCall call) {
        Object self = call.self();
        Object[] args = call.args();
        int hash = FrontTable.spread(keys.lookupHash(self, args));
        FrontEntry entry = front.slot(hash);
        if (!answers(entry, hash, self, args)) {
            entry = front.pairedSlot(hash);
            if (!answers(entry, hash, self, args)) {
                return frontMiss(call, keys.lookupKey(self, args));
            }
        }
        countFrontHit(entry);
        return entry.outcome();
    }

    /** Whether a front-table entry holds the call's key and Caffeine still holds the entry. */
    private boolean answers(FrontEntry entry, int hash, Object self, Object[] args) {
        return entry != null && entry.hash() == hash && keys.matches(entry, self, args) && !entry.isRemoved();
    }

    /** Not in the front table: a read of Caffeine, whose hit goes into the table. */
    private Outcome frontMiss(LayeredCall call, Object key) {
        Object stored = cache.getIfPresent(key);
        if (stored == null) {
            return miss(call, key);
        }
        FrontEntry entry = (FrontEntry) stored;
        front.offer(entry);
        hits.increment();
        return entry.outcome();
    }

    /**
     * Counts a hit in the front table. Once the cache is half full it also reads Caffeine, by the stored key
     * itself (found by identity, no key made), so that the eviction policy sees every hit as it would without
     * the table, and drops the slot if Caffeine holds another entry for the key. Feeding only some hits was
     * measured to cost hit ratio (up to 3 points with scans in the trace; docs/benchmarks.md).
     */
    private void countFrontHit(FrontEntry entry) {
        hits.increment();
        if (feedPolicy && cache.getIfPresent(entry.key()) != entry) {
            front.clear(entry);
        }
    }

    /** On the refresh thread: the refresh call itself goes on to the body; other calls are ordinary. */
    private Outcome enterRefresh(LayeredCall call) {
        PendingLoad refresh = ((RefreshThread) Thread.currentThread()).take(this);
        if (refresh == null) {
            Object key = keys.lookupKey(call.self(), call.args());
            Object stored = cache.getIfPresent(key);
            return stored == null ? miss(call, key) : hit(call, key, (CacheEntry) stored);
        }
        refresh.started(ticker.read());
        call.state(refresh);
        return null;
    }

    /** A hit on a wrapped entry: it may be due for refresh, and may hold an exception. */
    private Outcome hit(LayeredCall call, Object key, CacheEntry entry) {
        if (refreshAfterNanos != 0 && ticker.read() - entry.storedNanos() >= refreshAfterNanos) {
            PendingLoad inline = staleHit(call, key);
            if (inline != null) {
                stats.miss();
                call.state(inline);
                return null;
            }
        }
        hits.increment();
        return entry.outcome();
    }

    /** What a stored value answers a call with. */
    private Outcome outcome(Object stored) {
        if (front != null) {
            return ((FrontEntry) stored).outcome();
        }
        return wrapped ? ((CacheEntry) stored).outcome() : (Outcome) stored;
    }

    /** What the cache stores for a call that returned {@code returned} at {@code now}. */
    private Object storable(Object storedKey, Object returned, long now) {
        if (front != null) {
            return new FrontEntry(storedKey, FrontTable.spread(storedKey.hashCode()), Outcome.returning(returned));
        }
        return wrapped ? CacheEntry.returned(returned, now) : Outcome.returning(returned);
    }

    private Outcome miss(LayeredCall call, Object key) {
        keys.drainCollected(this::dropCollected);
        long current = generation.get();
        for (int attempt = 0; attempt < 3; attempt++) {
            Flight flight = loads.live(key);
            if (flight != null) {
                if (flight.generation() != current) {
                    break; // it loads for data from before an invalidation: load afresh, alone
                }
                Object result = loads.await(key, flight);
                if (result != Flight.RUN_YOURSELF) {
                    hits.increment();
                    return Outcome.returning(result);
                }
                // The load failed: perhaps its exception was stored (cache-exceptions); else run the method.
                Object stored = cache.getIfPresent(key);
                if (stored != null) {
                    hits.increment();
                    return outcome(stored);
                }
                return proceed(call, keys.storedKey(key), generation.get(), null);
            }
            Object stored = keys.storedKey(key);
            Flight mine = new Flight(current, Thread.currentThread(), call);
            if (loads.start(stored, mine)) {
                // A load may have stored the key between our lookup and our start.
                Object present = cache.getIfPresent(key);
                if (present != null) {
                    loads.end(stored, mine);
                    mine.fail();
                    hits.increment();
                    return outcome(present);
                }
                return proceed(call, stored, current, mine);
            }
        }
        return proceed(call, keys.storedKey(key), current, null);
    }

    private Outcome proceed(LayeredCall call, Object storedKey, long loadGeneration, Flight flight) {
        stats.miss();
        PendingLoad load = new PendingLoad(this, storedKey, loadGeneration, flight, false);
        load.started(ticker.read());
        call.state(load);
        return null;
    }

    /**
     * A hit on an entry due for refresh.
     *
     * @return null to answer with the stale entry (a refresh of the key is scheduled or already running);
     *     otherwise the refresh this call makes itself, inline, because the method is not reachable from the
     *     refresh thread
     */
    private PendingLoad staleHit(LayeredCall call, Object key) {
        if (refreshes.live(key) != null) {
            return null;
        }
        boolean inline = !refresher.available();
        long current = generation.get();
        Object stored = keys.storedKey(key);
        Flight claim = inline ? new Flight(current, Thread.currentThread(), call) : Flight.background(current);
        if (!refreshes.start(stored, claim)) {
            return null;
        }
        PendingLoad load = new PendingLoad(this, stored, current, claim, true);
        if (inline) {
            load.started(ticker.read());
            return load;
        }
        if (!refresher.submit(load, call.self(), DeepContent.copyAll(call.args()), () -> end(load, null, false))) {
            end(load, null, false);
        }
        return null;
    }

    @Override
    public void exit(LayeredCall call, Object returned, Throwable thrown) {
        Object state = call.state();
        if (!(state instanceof PendingLoad)) {
            return;
        }
        PendingLoad load = (PendingLoad) state;
        long now = ticker.read();
        stats.loadTime(now - load.startNanos());
        boolean produced = call.servedBy().reachedMethod() && !isRefusal(thrown);
        boolean succeeded = produced && thrown == null;
        try {
            if (succeeded) {
                if ((returned != null || settings.cacheNulls()) && store(load, storable(load.key(), returned, now))) {
                    if (load.refresh()) {
                        stats.refreshed();
                    } else {
                        stats.loaded();
                    }
                }
            } else if (produced) {
                stats.loadFailed();
                if (!load.refresh() && settings.cacheExceptions() && isStorable(thrown)) {
                    store(load, CacheEntry.threw(thrown, now));
                }
            }
        } finally {
            end(load, returned, succeeded);
        }
    }

    /** Takes the load's flight out, then wakes its waiters: with the value, or to run the method themselves. */
    private void end(PendingLoad load, Object returned, boolean succeeded) {
        Flight flight = load.flight();
        if (flight == null) {
            return;
        }
        (load.refresh() ? refreshes : loads).end(load.key(), flight);
        if (succeeded) {
            flight.succeed(returned);
        } else {
            flight.fail();
        }
    }

    private boolean store(PendingLoad load, Object entry) {
        long loadGeneration = load.generation();
        if (closed || generation.get() != loadGeneration) {
            return false;
        }
        // Under the invalidation lock's shared side: an invalidation either comes after the entry is in (and its
        // clearing removes it) or before the check (and nothing is stored), so no call that begins after an
        // invalidation returned sees a value loaded before it, not even for a moment.
        Lock shared = invalidation.readLock();
        shared.lock();
        try {
            if (generation.get() != loadGeneration) {
                return false;
            }
            cache.put(load.key(), entry);
        } finally {
            shared.unlock();
        }
        if (front != null) {
            long entries = cache.estimatedSize();
            front.fitTo(entries);
            if (!feedPolicy && halfFull(entries)) {
                feedPolicy = true;
            }
        }
        return true;
    }

    /** Whether the cache, holding {@code entries}, holds half of its bound (entries or weight) or more. */
    private boolean halfFull(long entries) {
        if (settings.maxSize().isPresent()) {
            return entries >= settings.maxSize().getAsLong() / 2;
        }
        OptionalLong weight = cache.policy().eviction().map(e -> e.weightedSize()).orElse(OptionalLong.empty());
        return weight.isPresent() && weight.getAsLong() >= settings.maxWeight().getAsLong() / 2;
    }

    /** An exception a layer made up (a batch queue refusing the call), not one the method threw. */
    private static boolean isRefusal(Throwable thrown) {
        return thrown instanceof CallRejectedException || thrown instanceof CallTimeoutException;
    }

    /** Exceptions worth answering later callers with: not errors (out of memory), not interruptions. */
    private static boolean isStorable(Throwable thrown) {
        return thrown instanceof Exception && !(thrown instanceof InterruptedException);
    }

    private void dropCollected(Object storedKey) {
        if (cache.asMap().remove(storedKey) != null) {
            stats.receiverCollected();
        }
    }

    /**
     * Clears every entry. Loads in flight from before store nothing; refreshes in flight are discarded too.
     * Callable from any thread.
     */
    public void invalidateAll() {
        Lock exclusive = invalidation.writeLock();
        exclusive.lock();
        try {
            generation.incrementAndGet();
            cache.invalidateAll();
            if (front != null) {
                front.clearAll();
            }
        } finally {
            exclusive.unlock();
        }
        stats.invalidated();
    }

    /** The policy the layer runs with. */
    public CacheSettings settings() {
        return settings;
    }

    /** The cached method, {@code pkg.Class#name(types)}. */
    public String method() {
        return method;
    }

    /** Why the layer lets every call through, or null while it caches. */
    public String offReason() {
        return off;
    }

    /** How many entries the cache holds now (an estimate while it changes). */
    public long size() {
        return cache.estimatedSize();
    }

    /** The front table, or null when the cache has none (tests reach into it). */
    FrontTable front() {
        return front;
    }

    /** How many callers wait for another caller's load now. */
    int waitingCallers() {
        return loads.waiting();
    }

    /** How many refreshes are scheduled or running now. */
    int refreshesInFlight() {
        return refreshes.size();
    }

    /** Runs the cache's pending maintenance (evictions, expiry) now; Caffeine otherwise batches it. */
    /**
     * Closes one second of the eviction-storm watch (the agent's control loop calls it once a second): a
     * second that evicted half the capacity or more becomes a {@link CacheEvictionStormEvent} and counts in
     * {@code eviction_storms}.
     */
    public void watchEvictions() {
        long capacity = settings.maxSize().orElse(cache.estimatedSize());
        EvictionStormWatch.Second second;
        synchronized (storms) {
            second = storms.next(stats.evictedForSize(), hits.sum(), stats.misses(), capacity);
        }
        if (second.storm()) {
            CacheEvictionStormEvent.emit(method, rule, second.evictions(), capacity, second.hitRatio(),
                    second.calls());
        }
    }

    void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public String layer() {
        return LayerKind.CACHE.metricName();
    }

    @Override
    public List<LayerFigure> figures() {
        OptionalLong weight = settings.maxWeight().isPresent()
                ? cache.policy().eviction().map(e -> e.weightedSize()).orElse(OptionalLong.empty())
                : OptionalLong.empty();
        List<LayerFigure> figures = new ArrayList<>(stats.figures(hits.sum(), cache.estimatedSize(), weight));
        long stormSeconds;
        synchronized (storms) {
            stormSeconds = storms.storms();
        }
        figures.add(LayerFigure.counter("eviction_storms", "Seconds in which the cache evicted, for its size bound,"
                + " at least half of its capacity.", stormSeconds));
        return figures;
    }

    @Override
    public Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("policy", settings.summary());
        if (refresher != null) {
            states.put("refresh", refresher.mode());
        }
        if (front != null) {
            states.put("front_table", front.slots() + " slots (at most " + front.maxSlots() + ")");
        }
        if (off != null) {
            states.put("off", off);
        }
        return states;
    }

    /**
     * {@code hot_keys}: the {@value #HOT_KEYS} hottest keys, as {@link KeyText}. Only read when the user asked to
     * see values ({@code export.http.show-values}): keys are the host's data.
     */
    @Override
    public Map<String, List<String>> hostValues() {
        return Map.of("hot_keys", hottestKeys(HOT_KEYS));
    }

    /**
     * The keys the cache is most likely to keep, hottest first, by the eviction policy's estimate of how often
     * each is used (every cache layer has a size or weight bound, so it always has that policy).
     */
    List<String> hottestKeys(int limit) {
        Map<Object, Object> hottest = cache.policy().eviction().map(e -> e.hottest(limit)).orElse(Map.of());
        List<String> keys = new ArrayList<>(hottest.size());
        for (Object key : hottest.keySet()) {
            keys.add(KeyText.of(key));
        }
        return keys;
    }

    /**
     * Stops the layer: later calls pass through uncached, waiting callers run the method themselves, the refresh
     * thread ends after a refresh in progress, and the entries are dropped.
     */
    @Override
    public void close() {
        closed = true;
        if (refresher != null) {
            refresher.close();
        }
        loads.abandonAll();
        refreshes.abandonAll();
        cache.invalidateAll();
        if (front != null) {
            front.clearAll();
        }
        keys.drainCollected(key -> { });
    }
}
