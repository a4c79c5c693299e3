package dev.perfagent.agent.layer.batch.dispatch;

import dev.perfagent.agent.layer.batch.BatchFunction;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One target a batch can run on (a model replica: a receiver of the batch form) and its live figures:
 * batches in flight, batches and calls run, failures, and an EWMA of its service time <em>per call</em>.
 *
 * <p>Per call, not per batch: all executors draw batches from the same queue, but the sizes they happen to
 * get differ (a busy moment makes large batches), and per batch an executor that got the large ones would
 * look slow. Per call the fixed cost of a batch inflates small batches a little, the lesser error.
 *
 * <p>Rotation, one CAS per change of state: {@code IN} (routers may choose it) → {@code OUT} (taken out by
 * {@link ExecutorPool} for {@code probe-after}) → {@code PROBING} (one batch sent to it) → {@code IN} on
 * success, {@code OUT} again on failure. Thread-safe and lock-free; the EWMA is read-modify-written without
 * a CAS, so two batches ending at the same instant may lose one sample, which a smoothed figure can bear.
 */
public final class Executor {
    static final int IN = 0;
    static final int OUT = 1;
    static final int PROBING = 2;

    /** Weight of the newest sample in the EWMA: about the last ten batches count. */
    static final double SMOOTHING = 0.2;

    private final int index;
    private final BatchFunction function;
    /** The replica's receiver, held weakly as the batch layer holds receivers; null when it has none. */
    private final WeakReference<Object> receiver;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicInteger state = new AtomicInteger(IN);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** Ticker time the executor may be probed, while OUT. */
    private volatile long outUntil;
    /** The pool's success count just after this executor's last success: more since means another succeeded. */
    private volatile long successesAtOwnSuccess;
    /** EWMA of service nanoseconds per call; negative until the first batch. */
    private volatile double nanosPerCall = -1;

    /**
     * @param index    position in the pool, from 0 in the order executors joined; names it in metrics
     * @param function runs this executor's batches
     * @param receiver the replica's receiver, or null
     */
    public Executor(int index, BatchFunction function, Object receiver) {
        this.index = index;
        this.function = function;
        this.receiver = receiver == null ? null : new WeakReference<>(receiver);
    }

    /** Position in the pool, from 0. */
    public int index() {
        return index;
    }

    /** The {@code executor} label: the index as text. */
    public String name() {
        return Integer.toString(index);
    }

    BatchFunction function() {
        return function;
    }

    /** Whether routers may choose it: in rotation, and its receiver (if any) is still alive. */
    boolean available() {
        return state.get() == IN && !gone();
    }

    /** Whether its receiver was collected: it can run nothing more. */
    boolean gone() {
        return receiver != null && receiver.get() == null;
    }

    /** Whether {@code candidate} is this executor's receiver (by identity). */
    boolean runsOn(Object candidate) {
        return receiver != null && receiver.get() == candidate;
    }

    /** Batches running on it now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** EWMA of its service time per call in nanoseconds; negative before its first batch. */
    public double nanosPerCall() {
        return nanosPerCall;
    }

    /** Batches it ran (re-runs of a failed batch included), failed or not. */
    public long batches() {
        return batches.sum();
    }

    /** Calls in those batches. */
    public long items() {
        return items.sum();
    }

    /** Batches that threw. */
    public long failures() {
        return failures.sum();
    }

    /** Whether it is in rotation (neither out nor being probed). */
    public boolean inRotation() {
        return state.get() == IN;
    }

    void started() {
        inFlight.incrementAndGet();
    }

    /** A batch of {@code size} calls ended after {@code nanos}; updates the figures (not the rotation). */
    void ended(int size, long nanos, boolean failed) {
        inFlight.decrementAndGet();
        batches.increment();
        items.add(size);
        if (failed) {
            failures.increment();
            return;   // a failed run's time says nothing of the executor's speed
        }
        double sample = (double) nanos / Math.max(1, size);
        double last = nanosPerCall;
        nanosPerCall = last < 0 ? sample : last + SMOOTHING * (sample - last);
    }

    int state() {
        return state.get();
    }

    boolean transition(int from, int to) {
        return state.compareAndSet(from, to);
    }

    long outUntil() {
        return outUntil;
    }

    void outUntil(long until) {
        outUntil = until;
    }

    /** One more failure in a row; returns the streak. */
    int failedInARow() {
        return consecutiveFailures.incrementAndGet();
    }

    /** Ends the failure streak. */
    void resetStreak() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** A batch succeeded here, making the pool's count {@code poolSuccesses}. */
    void succeeded(long poolSuccesses) {
        resetStreak();
        successesAtOwnSuccess = poolSuccesses;
    }

    long successesAtOwnSuccess() {
        return successesAtOwnSuccess;
    }

    /** Its figures now, for metrics and {@code /status}. */
    public ExecutorSnapshot snapshot() {
        return new ExecutorSnapshot(name(), batches(), items(), failures(), inFlight(), nanosPerCall,
                inRotation());
    }
}
