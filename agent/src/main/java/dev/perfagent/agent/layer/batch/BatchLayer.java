package dev.perfagent.agent.layer.batch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorPool;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSettings;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSnapshot;
import dev.perfagent.agent.layer.batch.dispatch.RoutedBatchFunction;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The batch layer of one site: one {@link Batcher} (with its own policy) per receiver and queue key,
 * since each model instance is its own resource and only calls of the same shape merge, and one
 * {@link BatchStats} for the site. Receivers are held weakly and compared by identity, so a model the
 * application drops is not kept alive.
 *
 * <p>With {@code executors.replicas} above 1 and an adapter whose receivers are interchangeable
 * ({@link BatchAdapter#replicable()}, a {@code via} batch form), the calls of every receiver share one queue
 * per key, and each batch is routed whole to one of the replicas: the first {@code replicas} distinct
 * receivers that call the site, each an executor of the queue's {@link ExecutorPool}. Calls on receivers
 * beyond those still join the queue and run on the replicas.
 *
 * <p>With {@code executors.replicas} above 1 and an adapter that clones receivers instead
 * ({@link BatchAdapter#copiesReceivers()}: ONNX Runtime sessions), each receiver keeps its own queues, and the
 * adapter makes {@code replicas - 1} copies of it ({@link ReceiverCopies}) on its first call: each batch runs
 * on the receiver or one of its copies, routed by the queue's {@link ExecutorPool}. The layer owns the copies:
 * they are closed with the layer, or when their receiver is collected. A receiver that cannot be copied runs
 * its batches alone, and the layer says why once.
 *
 * <p>{@link #call} runs on application threads and never throws: the caller's own exception comes back
 * as an {@link Outcome}, and null means "run the original method".
 */
public final class BatchLayer implements CallLayer {
    /** How long {@link #close()} waits for pending calls. */
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(10);

    /** The queues of a static batched method, which has no receiver. */
    private static final Object NO_RECEIVER = new Object();
    /** The queues every receiver shares when they are replicas. */
    private static final Object ALL_RECEIVERS = new Object();

    private final String method;
    private final BatchAdapter adapter;
    private final BatchSettings settings;
    private final ExecutorSettings executors;
    /** Receivers are replicas: one queue per key for all of them, batches routed among them. */
    private final boolean replicated;
    /** Receivers are copied: each receiver's batches are routed among it and its copies. */
    private final boolean copied;
    /** Names the rule and key in the log, where the layer says a receiver could not be copied. */
    private final String origin;
    private final Duration fixedDelay;
    private final Ticker ticker;
    private final AgentLog log;
    private final BatchStats stats;
    private final DeviceMemoryCap memoryCap;
    private final Cache<Object, ConcurrentMap<Object, Lane>> receivers =
            Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    /** The copies of each receiver; those of a collected receiver are closed as Caffeine notices. */
    private final Cache<Object, ReceiverCopies> copies = Caffeine.newBuilder().weakKeys().executor(Runnable::run)
            .<Object, ReceiverCopies>removalListener((receiver, copy, cause) -> {
                if (cause == RemovalCause.COLLECTED && copy != null) {
                    copy.close();
                }
            }).build();
    /** Why receivers could not be copied, each said once. */
    private final Set<String> copyFailures = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile String off;

    /** One queue, its policy, and its executors when receivers are replicas (else null). */
    private record Lane(Batcher batcher, BatchPolicy policy, ExecutorPool pool) {
    }

    /**
     * @param fixedDelay zero for the adaptive {@link BatchController}; otherwise a {@link FixedBatchPolicy}
     *                   that waits this long for a partial batch (the baselines of Triton and TF Serving)
     */
    public BatchLayer(String method, BatchAdapter adapter, BatchSettings settings, Duration fixedDelay, Ticker ticker,
                      AgentLog log) {
        this(method, adapter, settings, ExecutorSettings.single(), fixedDelay, ticker, log);
    }

    /**
     * @param executors the replicas and how batches are routed among them; {@link ExecutorSettings#single()}
     *                  for the layer of one executor per receiver
     */
    public BatchLayer(String method, BatchAdapter adapter, BatchSettings settings, ExecutorSettings executors,
                      Duration fixedDelay, Ticker ticker, AgentLog log) {
        this(null, method, adapter, settings, executors, fixedDelay, ticker, log, DeviceMemory.NONE);
    }

    /**
     * @param rule         the rule's name, for the log; null to name the method alone
     * @param deviceMemory the memory of the device the batches run on, for memory-aware batching (one learner
     *                     for the site, all queues together); {@link DeviceMemory#NONE} keeps it off
     */
    public BatchLayer(String rule, String method, BatchAdapter adapter, BatchSettings settings,
                      ExecutorSettings executors, Duration fixedDelay, Ticker ticker, AgentLog log,
                      DeviceMemory deviceMemory) {
        this.memoryCap = new DeviceMemoryCap(deviceMemory);
        this.method = method;
        this.adapter = adapter;
        this.settings = settings;
        this.executors = executors;
        this.replicated = executors.replicas() > 1 && adapter.replicable();
        this.copied = executors.replicas() > 1 && !replicated && adapter.copiesReceivers();
        this.origin = (rule == null ? "" : "rules." + rule + ".") + "batch.executors.replicas (" + method + ")";
        if (executors.replicas() > 1 && !replicated && !copied) {
            log.warn("batch layer of " + method + ": replicas: " + executors.replicas() + " ignored: the calls of "
                    + adapter.via() + " cannot move between receivers (only a 'via' batch form on an instance method"
                    + " declares its receivers interchangeable); each receiver runs its own batches, up to "
                    + settings.workers() + " at once");
        }
        this.fixedDelay = fixedDelay;
        this.ticker = ticker;
        this.log = log;
        this.stats = new BatchStats(settings.maxSize());
    }

    @Override
    public LayerKind kind() {
        return LayerKind.BATCH;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        return call(call.self(), call.args());
    }

    @Override
    public void close() {
        close(CLOSE_PATIENCE);
    }

    /**
     * Batches one call.
     *
     * @return null to run the original method; otherwise this caller's own result or exception
     */
    public Outcome call(Object self, Object[] args) {
        if (closed || off != null) {
            return null;
        }
        Object key = adapter.queueKey(self, args);
        if (key == null) {
            return null;
        }
        Lane lane = lane(self, key);
        if (lane == null) {
            return null;
        }
        Object result;
        try {
            result = lane.batcher().call(args);
        } catch (Throwable thrown) {
            return Outcome.throwing(thrown);
        } finally {
            // Lanes hold the receiver weakly: keep it alive until its batch has run.
            Reference.reachabilityFence(self);
        }
        return result == Batcher.RUN_ALONE ? null : Outcome.returning(result);
    }

    private Lane lane(Object self, Object key) {
        if (replicated) {
            return sharedLane(self, key);
        }
        ConcurrentMap<Object, Lane> queues = receivers.get(self == null ? NO_RECEIVER : self,
                receiver -> new ConcurrentHashMap<>());
        Lane lane = queues.get(key);
        if (lane != null) {
            return lane;
        }
        BatchFunction function;
        ExecutorPool pool = null;
        try {
            function = adapter.function(self, key);
            if (copied) {
                pool = copiesPool(self, key, function);
                if (pool != null) {
                    function = new RoutedBatchFunction(method, pool, ticker);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return turnOff(e);
        }
        BatchFunction chosen = function;
        ExecutorPool executorsOfLane = pool;
        return queues.computeIfAbsent(key, k -> newLane(chosen, executorsOfLane));
    }

    /**
     * The executors of a new queue of {@code self}: it ({@code own}) and its copies, made on its first call;
     * null when it has none (it could not be copied).
     */
    private ExecutorPool copiesPool(Object self, Object key, BatchFunction own) throws ReflectiveOperationException {
        ReceiverCopies copy = copies.get(self, this::copy);
        if (closed) {
            copy.close();   // made while the layer closed: close() may have missed them
            return null;
        }
        if (copy.count() == 0) {
            return null;
        }
        List<BatchFunction> functions = new ArrayList<>(copy.count() + 1);
        functions.add(own);
        for (int i = 0; i < copy.count(); i++) {
            functions.add(copy.function(i, key));
        }
        return ExecutorPool.of(method, executors, ticker, log, functions);
    }

    private ReceiverCopies copy(Object receiver) {
        try {
            return adapter.copy(receiver, executors.replicas() - 1);
        } catch (Exception | LinkageError e) {
            String reason = e instanceof IllegalStateException ? e.getMessage() : e.toString();
            if (copyFailures.add(reason)) {
                log.warn(origin + ": " + executors.replicas() + " ignored for a receiver, which runs its batches"
                        + " alone: " + reason);
            }
            return NO_COPIES;
        }
    }

    /** What a receiver that could not be copied has. */
    private static final ReceiverCopies NO_COPIES = new ReceiverCopies() {
        @Override
        public int count() {
            return 0;
        }

        @Override
        public BatchFunction function(int index, Object key) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public void close() {
        }
    };

    /** The queue all replicas share for {@code key}; {@code self} joins its executors if a slot is free. */
    private Lane sharedLane(Object self, Object key) {
        ConcurrentMap<Object, Lane> queues = receivers.get(ALL_RECEIVERS, receiver -> new ConcurrentHashMap<>());
        Lane lane = queues.get(key);
        if (lane == null) {
            ExecutorPool pool = ExecutorPool.create(method, executors, ticker, log);
            lane = queues.computeIfAbsent(key, k -> newLane(new RoutedBatchFunction(method, pool, ticker), pool));
        }
        if (!lane.pool().accepting()) {
            return lane;   // the common case: every replica has joined
        }
        try {
            lane.pool().admit(self, () -> adapter.function(self, key));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return turnOff(e);
        }
        return lane;
    }

    private Lane newLane(BatchFunction function, ExecutorPool pool) {
        BatchPolicy policy = fixedDelay.isZero() ? new BatchController(settings, ticker)
                : new FixedBatchPolicy(settings.maxSize(), fixedDelay);
        return new Lane(new Batcher(method, function, policy, settings, ticker, stats, memoryCap), policy,
                pool);
    }

    private Lane turnOff(Throwable e) {
        // The weave-time check found the batch form in the class file; failing to reach it now (a
        // strong module boundary, a missing class) turns batching off, not the application.
        off = "cannot call " + adapter.via() + ": " + e;
        log.error("batch layer of " + method + " is off: " + off + "; calls run unbatched");
        return null;
    }

    private List<Lane> allLanes() {
        List<Lane> all = new ArrayList<>();
        for (ConcurrentMap<Object, Lane> queues : receivers.asMap().values()) {
            all.addAll(queues.values());
        }
        return all;
    }

    /**
     * Advances each controller's slow loop (AIMD against the SLO) and lets replicas whose receiver was
     * collected be replaced; called by the control loop.
     */
    public void tick() {
        long now = ticker.read();
        for (Lane lane : allLanes()) {
            if (lane.policy() instanceof BatchController) {
                ((BatchController) lane.policy()).tick(now);
            }
            if (lane.pool() != null) {
                lane.pool().prune();
            }
        }
    }

    /** The executor settings the layer was configured with (replicas may be ignored: see {@link #replicated()}). */
    public ExecutorSettings executorSettings() {
        return executors;
    }

    /** Whether batches are routed among replicas. */
    public boolean replicated() {
        return replicated;
    }

    /**
     * The figures of each executor, by name, all queues together (counters and in-flight summed, the EWMA
     * weighted by calls, in rotation only if in rotation in every queue); empty with one executor per receiver.
     */
    public List<ExecutorSnapshot> executors() {
        Map<String, ExecutorSnapshot> byName = new LinkedHashMap<>();
        for (Lane lane : allLanes()) {
            if (lane.pool() == null) {
                continue;
            }
            for (ExecutorSnapshot e : lane.pool().snapshots()) {
                byName.merge(e.name(), e, BatchLayer::merge);
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static ExecutorSnapshot merge(ExecutorSnapshot a, ExecutorSnapshot b) {
        double ewma;
        if (a.nanosPerCall() < 0 || b.nanosPerCall() < 0) {
            ewma = Math.max(a.nanosPerCall(), b.nanosPerCall());
        } else {
            long items = Math.max(1, a.items() + b.items());
            ewma = (a.nanosPerCall() * a.items() + b.nanosPerCall() * b.items()) / items;
        }
        return new ExecutorSnapshot(a.name(), a.batches() + b.batches(), a.items() + b.items(),
                a.failures() + b.failures(), a.inFlight() + b.inFlight(), ewma, a.inRotation() && b.inRotation());
    }

    /** Memory-aware batching of the site: whether it is on, the learnt memory per item, the cap it sets. */
    public DeviceMemoryCap.Figures deviceMemory() {
        return memoryCap.figures(settings.maxSize());
    }

    /** The lowest cap out-of-memory failures left among the queues, or 0 when none ran out of memory. */
    public int outOfMemoryCap() {
        int lowest = 0;
        for (Lane lane : allLanes()) {
            if (lane.policy() instanceof BatchController) {
                int c = ((BatchController) lane.policy()).outOfMemoryCap();
                if (c > 0 && (lowest == 0 || c < lowest)) {
                    lowest = c;
                }
            }
        }
        return lowest;
    }

    /** The site's figures, all queues together. */
    public BatchStats stats() {
        return stats;
    }

    /** What calls are merged into: the batch form, or the adapter's name. */
    public String via() {
        return adapter.via();
    }

    /** The fixed wait for partial batches, or zero under the adaptive controller. */
    public Duration fixedDelay() {
        return fixedDelay;
    }

    /** The settings the layer runs with. */
    public BatchSettings settings() {
        return settings;
    }

    /** Why batching is off for this site, or null while it is on. */
    public String offReason() {
        String reason = off;
        if (reason != null) {
            return reason;
        }
        for (Lane lane : allLanes()) {
            if (lane.batcher().disabled()) {
                return "the batch form returned a result of the wrong length; calls run unbatched";
            }
        }
        return null;
    }

    /** The adaptive controllers' current state, one per queue. */
    public List<BatchControllerSnapshot> controllers() {
        List<BatchControllerSnapshot> all = new ArrayList<>();
        for (Lane lane : allLanes()) {
            if (lane.policy() instanceof BatchController) {
                all.add(((BatchController) lane.policy()).snapshot());
            }
        }
        return all;
    }

    /** Closes the receivers' copies once no batch runs on them; left open (and said) when some still might. */
    private void closeCopies(boolean idle) {
        if (copies.estimatedSize() == 0) {
            return;
        }
        if (!idle) {
            log.warn(origin + ": batches still ran at close; the copies of the receivers are left open rather than"
                    + " closed under them");
            return;
        }
        for (ReceiverCopies copy : copies.asMap().values()) {
            copy.close();
        }
        copies.invalidateAll();
    }

    /** Whether receivers are copied to run their batches ({@link BatchAdapter#copiesReceivers()}). */
    public boolean copied() {
        return copied;
    }

    /**
     * Stops batching: calls still queued run the original method on their own threads, batches in flight
     * finish. Waits up to {@code patience} for every pending call to complete.
     *
     * @return true if all completed in time
     */
    public boolean close(Duration patience) {
        closed = true;
        List<Lane> all = allLanes();
        for (Lane lane : all) {
            lane.batcher().close();
        }
        long deadline = System.nanoTime() + patience.toNanos();
        boolean idle = true;
        for (Lane lane : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            idle &= lane.batcher().awaitIdle(Duration.ofNanos(left));
        }
        closeCopies(idle);
        return idle;
    }
}
