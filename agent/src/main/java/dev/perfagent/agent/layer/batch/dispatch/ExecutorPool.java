package dev.perfagent.agent.layer.batch.dispatch;

import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.layer.batch.OutOfMemorySignal;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The executors of one batch queue, the {@link Router} that picks one per batch, and the rotation: which
 * executors routers may choose.
 *
 * <h2>Taking a failing executor out of rotation</h2>
 * A batch that throws may be the callers' fault (a poisoned input) or the executor's (a replica in a bad
 * state). The rule that tells them apart, kept simple: an executor is taken out of rotation when
 * {@link ExecutorSettings#ejectAfter()} of its batches in a row have failed <em>and</em> another executor
 * completed a batch since this one's last success. A fault in the inputs or the model itself fails on every executor, so it
 * takes none out; and the last executor in rotation is never taken out. Out-of-memory failures never
 * count: they say the batch was too large (the batcher halves it), not that the executor is broken.
 *
 * <p>After {@link ExecutorSettings#probeAfter()} the next batch routed is sent to the executor as a probe
 * (one at a time); success puts it back in rotation, failure keeps it out for another period. While every
 * executor is out, batches still run: on the one whose probe is due soonest.
 *
 * <h2>Joining</h2>
 * Executors join with {@link #admit} (a replica's receiver, the first {@link ExecutorSettings#replicas()}
 * seen) or all at once ({@link #of}: a receiver and the copies the adapter made of it). The array of executors
 * is copied on write; a slot whose receiver was collected is refilled by the next new receiver, after
 * {@link #prune} noticed it.
 *
 * <p>Thread-safe and lock-free: {@link #route} and {@link #finished} run once per batch on leaders' threads;
 * {@link #admit} costs one volatile read per call once the pool is full.
 */
public final class ExecutorPool {
    private final String name;
    private final ExecutorSettings settings;
    private final Router router;
    private final Ticker ticker;
    private final AgentLog log;
    private final long probeAfterNanos;
    private final AtomicReference<Executor[]> executors = new AtomicReference<>(new Executor[0]);
    /** Batches that completed on any executor: the "another executor succeeds" of the rule. */
    private final AtomicLong successes = new AtomicLong();
    /** Executors out of rotation or being probed; route() looks for due probes only while this is positive. */
    private final AtomicInteger out = new AtomicInteger();
    /** Every slot holds a live receiver: admit() has nothing to do. */
    private volatile boolean full;

    /** Makes the batch function of a replica; may fail like {@code BatchAdapter#function}. */
    @FunctionalInterface
    public interface ReplicaFunction {
        BatchFunction create() throws ReflectiveOperationException;
    }

    /**
     * An empty pool; executors join with {@link #admit}.
     *
     * @param name names the site in the log
     */
    public ExecutorPool(String name, ExecutorSettings settings, Router router, Ticker ticker, AgentLog log) {
        this.name = name;
        this.settings = settings;
        this.router = router;
        this.ticker = ticker;
        this.log = log;
        this.probeAfterNanos = settings.probeAfter().toNanos();
    }

    /** An empty pool routing by {@code settings.strategy()}. */
    public static ExecutorPool create(String name, ExecutorSettings settings, Ticker ticker, AgentLog log) {
        return new ExecutorPool(name, settings, Router.of(settings), ticker, log);
    }

    /**
     * A full pool of these functions, in this order, none bound to a receiver (copies of one receiver that the
     * batch layer owns), routing by {@code settings.strategy()}.
     *
     * @param name names the site in the log
     */
    public static ExecutorPool of(String name, ExecutorSettings settings, Ticker ticker, AgentLog log,
                                  List<? extends BatchFunction> functions) {
        return of(name, settings, Router.of(settings), ticker, log, functions);
    }

    /** A pool of these functions, in this order, none bound to a receiver. */
    static ExecutorPool of(ExecutorSettings settings, Router router, Ticker ticker, AgentLog log,
                           List<? extends BatchFunction> functions) {
        return of("test", settings, router, ticker, log, functions);
    }

    private static ExecutorPool of(String name, ExecutorSettings settings, Router router, Ticker ticker, AgentLog log,
                                   List<? extends BatchFunction> functions) {
        ExecutorPool pool = new ExecutorPool(name, settings, router, ticker, log);
        Executor[] all = new Executor[functions.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = new Executor(i, functions.get(i), null);
        }
        pool.executors.set(all);
        pool.full = true;
        return pool;
    }

    /**
     * Lets {@code receiver} join as a replica if it is new and a slot is free; otherwise does nothing.
     * Its calls join the shared queue either way.
     *
     * @throws ReflectiveOperationException when {@code function} does; the receiver does not join
     */
    public void admit(Object receiver, ReplicaFunction function) throws ReflectiveOperationException {
        if (full) {
            return;
        }
        if (find(executors.get(), receiver) >= 0) {
            return;
        }
        BatchFunction created = null;
        while (true) {
            Executor[] current = executors.get();
            if (find(current, receiver) >= 0) {
                return;
            }
            int slot = freeSlot(current);
            if (slot < 0) {
                full = true;
                return;
            }
            if (created == null) {
                created = function.create();
            }
            Executor[] next = Arrays.copyOf(current, Math.max(current.length, slot + 1));
            next[slot] = new Executor(slot, created, receiver);
            if (executors.compareAndSet(current, next)) {
                if (freeSlot(next) < 0) {
                    full = true;
                }
                return;
            }
        }
    }

    /** Whether {@link #admit} may still take a receiver: a volatile read, for the call path. */
    public boolean accepting() {
        return !full;
    }

    private static int find(Executor[] all, Object receiver) {
        for (int i = 0; i < all.length; i++) {
            if (all[i].runsOn(receiver)) {
                return i;
            }
        }
        return -1;
    }

    /** A slot whose receiver was collected, else the next new one, else -1. */
    private int freeSlot(Executor[] all) {
        for (int i = 0; i < all.length; i++) {
            if (all[i].gone()) {
                return i;
            }
        }
        return all.length < settings.replicas() ? all.length : -1;
    }

    /** Off the call path (the control loop): notices executors whose receiver was collected, so new ones may join. */
    public void prune() {
        for (Executor e : executors.get()) {
            if (e.gone()) {
                full = false;
                return;
            }
        }
    }

    /**
     * The executor of a batch whose first call is {@code firstCall}: a due probe first, else the router's
     * choice, else (none in rotation) the one out of rotation whose probe is due soonest; null only when
     * every executor's receiver was collected.
     */
    Executor route(Object[] firstCall) {
        Executor[] all = executors.get();
        if (out.get() > 0) {
            Executor probe = dueProbe(all);
            if (probe != null) {
                return probe;
            }
        }
        Executor chosen = router.choose(all, firstCall);
        return chosen != null ? chosen : soonestBack(all);
    }

    private Executor dueProbe(Executor[] all) {
        long now = ticker.read();
        for (Executor e : all) {
            if (e.state() == Executor.OUT && now - e.outUntil() >= 0 && !e.gone()
                    && e.transition(Executor.OUT, Executor.PROBING)) {
                return e;
            }
        }
        return null;
    }

    private static Executor soonestBack(Executor[] all) {
        Executor soonest = null;
        for (Executor e : all) {
            if (!e.gone() && (soonest == null || e.outUntil() - soonest.outUntil() < 0)) {
                soonest = e;
            }
        }
        return soonest;
    }

    /** A batch of {@code size} calls routed to {@code e} ended after {@code nanos}, with {@code failure} or null. */
    void finished(Executor e, int size, long nanos, Throwable failure) {
        e.ended(size, nanos, failure != null);
        if (failure == null) {
            e.succeeded(successes.incrementAndGet());
            if (e.state() != Executor.IN
                    && (e.transition(Executor.PROBING, Executor.IN) || e.transition(Executor.OUT, Executor.IN))) {
                out.decrementAndGet();
                log.info(name + ": executor " + e.name() + " is back in rotation");
            }
            return;
        }
        if (OutOfMemorySignal.isOutOfMemory(failure)) {
            return;
        }
        long now = ticker.read();
        int state = e.state();
        if (state != Executor.IN) {
            // A failed probe (or a last-resort batch): another period out.
            e.outUntil(now + probeAfterNanos);
            e.transition(Executor.PROBING, Executor.OUT);
            return;
        }
        int streak = e.failedInARow();
        if (streak >= settings.ejectAfter() && successes.get() > e.successesAtOwnSuccess()
                && anotherAvailable(e)) {
            e.outUntil(now + probeAfterNanos);
            if (e.transition(Executor.IN, Executor.OUT)) {
                out.incrementAndGet();
                e.resetStreak();   // the next streak counts from the probe on
                log.warn(name + ": executor " + e.name() + " out of rotation after " + streak
                        + " failed batches in a row while others succeeded (last: " + failure
                        + "); probed again in " + settings.probeAfter().toMillis() + " ms");
            }
        }
    }

    private boolean anotherAvailable(Executor e) {
        for (Executor other : executors.get()) {
            if (other != e && other.available()) {
                return true;
            }
        }
        return false;
    }

    /** The executors now, in index order. */
    public List<Executor> executors() {
        return List.of(executors.get());
    }

    /** Their figures now, in index order. */
    public List<ExecutorSnapshot> snapshots() {
        List<ExecutorSnapshot> all = new ArrayList<>();
        for (Executor e : executors.get()) {
            all.add(e.snapshot());
        }
        return all;
    }

    /** The settings the pool runs with. */
    public ExecutorSettings settings() {
        return settings;
    }
}
