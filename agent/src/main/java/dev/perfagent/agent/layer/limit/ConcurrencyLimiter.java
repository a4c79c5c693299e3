package dev.perfagent.agent.layer.limit;

import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.export.jfr.ConcurrencyLimitEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An adaptive concurrency limit: admits calls while fewer than {@link #limit()} are in flight and moves the limit
 * with a {@link LimitAlgorithm} fed by the calls' round-trip times, as Netflix concurrency-limits 0.5.4's
 * {@code SimpleLimiter} (and, with partitions, its {@code AbstractPartitionedLimiter}) do.
 *
 * <p><b>Admission</b> ({@link #tryAcquire}, {@link #acquire}) is a compare-and-set of one in-flight counter
 * against the current limit: lock-free, and it allocates nothing. A permit is a non-negative {@code long}; the
 * negative results are {@link #REFUSED}, {@link #TIMED_OUT}, {@link #INTERRUPTED} and {@link #UNLIMITED}.
 * <b>Release</b> ({@link #release}) decrements the counter and, for an adaptive algorithm and an outcome that is
 * a sample, runs the algorithm's update under a lock (as Netflix's {@code AbstractLimit.onSample} is
 * {@code synchronized}); a fixed limit takes no lock.
 *
 * <p><b>Partitions.</b> With shares, each partition is guaranteed {@code max(1, ceil(limit * share))} calls in
 * flight. A call is admitted when the total is under the limit (whatever its partition's count: spare room is
 * lent to anyone), or, at or over the limit, when its partition is under its guarantee. So a partition within its
 * share is never refused, even when others have borrowed the whole limit; the total then exceeds the limit by at
 * most the unused guarantees, until the borrowed calls finish. Argument values no share names go to the
 * partition {@value LimiterSettings#DEFAULT_PARTITION}, whose share is the one given for it, else what the
 * shares leave of 100% (it is still guaranteed one call when that is nothing).
 *
 * <p><b>Waiting</b> ({@link WhenLimited#WAIT}): a call that finds no room parks in a FIFO queue; each release hands
 * the room to the oldest waiter it admits (partitioned, a waiter over its share is passed over for a younger one
 * within its guarantee). A waiter gives up after {@code max-wait} by the limiter's {@link Ticker}, or when
 * interrupted (its interrupt status is kept), and leaves the queue without a trace. {@link #close()} wakes every
 * waiter with {@link #UNLIMITED}, and admits every later call the same way, so the host never hangs on a closed
 * limiter.
 *
 * <p>Thread-safe. The figures ({@link #limit()}, {@link #inFlight()}, {@link #partitions()}, ...) are read
 * without locks.
 */
public final class ConcurrencyLimiter {
    /** No room now (with {@link WhenLimited#REJECT}, or from {@link #tryAcquire}). */
    public static final long REFUSED = -1;
    /** Waited {@code max-wait} without finding room. */
    public static final long TIMED_OUT = -2;
    /** Interrupted while waiting for room. */
    public static final long INTERRUPTED = -3;
    /** The limiter is closed: go on without a permit and release nothing. */
    public static final long UNLIMITED = -4;

    private final LimiterSettings settings;
    private final LimitAlgorithm algorithm;
    /** The limited method and its rule, for the limit-change JFR event. */
    private final String method;
    private final String rule;
    private final Ticker ticker;
    private final boolean partitioned;
    private final boolean adaptive;
    private final boolean waits;
    private final long maxWaitNanos;
    private final LimiterPartition[] partitions;
    private final Map<String, Integer> partitionIndex;
    private final int defaultPartition;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object updateLock = new Object();
    private final WaitQueue queue;
    private final LongAdder waited = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final LongAdder drops = new LongAdder();
    private volatile int limit;
    private volatile boolean closed;

    /** A limiter running {@code settings}, waiting (if it waits) by {@code ticker}. */
    public ConcurrencyLimiter(LimiterSettings settings, Ticker ticker) {
        this(settings, settings.algorithm().create(), ticker, "", "");
    }

    /** A limiter on {@code method} of {@code rule}, which its limit-change events name. */
    public ConcurrencyLimiter(LimiterSettings settings, Ticker ticker, String method, String rule) {
        this(settings, settings.algorithm().create(), ticker, method, rule);
    }

    /** A limiter running a given algorithm instance, for tests. */
    ConcurrencyLimiter(LimiterSettings settings, LimitAlgorithm algorithm, Ticker ticker) {
        this(settings, algorithm, ticker, "", "");
    }

    private ConcurrencyLimiter(LimiterSettings settings, LimitAlgorithm algorithm, Ticker ticker, String method,
                               String rule) {
        this.settings = settings;
        this.algorithm = algorithm;
        this.method = method;
        this.rule = rule;
        this.ticker = ticker;
        this.partitioned = settings.partitioned();
        this.adaptive = algorithm.adaptive();
        this.waits = settings.whenLimited() == WhenLimited.WAIT;
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.limit = algorithm.limit();

        List<LimiterPartition> all = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        double sum = 0;
        for (PartitionShare share : settings.shares()) {
            index.put(share.name(), all.size());
            all.add(new LimiterPartition(share.name(), share.percent(), limit));
            sum += share.percent();
        }
        Integer named = index.get(LimiterSettings.DEFAULT_PARTITION);
        if (named == null) {
            index.put(LimiterSettings.DEFAULT_PARTITION, all.size());
            all.add(new LimiterPartition(LimiterSettings.DEFAULT_PARTITION,
                    partitioned ? Math.max(0, 100 - sum) : 100, limit));
        }
        this.partitions = all.toArray(new LimiterPartition[0]);
        this.partitionIndex = index;
        this.defaultPartition = index.get(LimiterSettings.DEFAULT_PARTITION);
        this.queue = new WaitQueue(this::admit, partitioned);
    }

    /** The partition of an argument value: its share's, or the default partition's (also for null). */
    public int partition(String value) {
        Integer index = value == null ? null : partitionIndex.get(value);
        return index == null ? defaultPartition : index;
    }

    /**
     * Admits a call if there is room now; never waits, whatever {@code when-limited} says.
     *
     * @param partition from {@link #partition(String)}; 0 when not partitioned
     * @return a permit (&ge; 0), {@link #REFUSED} (counted as a rejection), or {@link #UNLIMITED} once closed
     */
    public long tryAcquire(int partition) {
        if (closed) {
            return UNLIMITED;
        }
        long permit = admit(partition);
        if (permit < 0) {
            partitions[partition].rejected.increment();
        }
        return permit;
    }

    /** {@link #tryAcquire(int)} for an argument value. */
    public long tryAcquire(String partition) {
        return tryAcquire(partition(partition));
    }

    /**
     * Admits a call as {@code when-limited} says: refuses at once when there is no room, or waits for it up to
     * {@code max-wait}.
     *
     * @param partition from {@link #partition(String)}; 0 when not partitioned
     * @return a permit (&ge; 0); or {@link #REFUSED}, {@link #TIMED_OUT} or {@link #INTERRUPTED} (each counted as a
     *     rejection); or {@link #UNLIMITED} once closed
     */
    public long acquire(int partition) {
        if (!waits) {
            return tryAcquire(partition);
        }
        if (closed) {
            return UNLIMITED;
        }
        if (queue.isEmpty()) {
            long permit = admit(partition);
            if (permit >= 0) {
                return permit;
            }
        }
        return await(partition);
    }

    /**
     * Gives a permit back.
     *
     * @param permit        what {@link #tryAcquire} or {@link #acquire} returned (&ge; 0), given back exactly once
     * @param admittedNanos when it was granted, on the limiter's {@link Ticker}
     * @param nowNanos      now, on the same ticker
     * @param outcome       a sample, a drop, or neither
     */
    public void release(long permit, long admittedNanos, long nowNanos, CallOutcome outcome) {
        if (partitioned) {
            partitions[Permits.partition(permit)].busy.decrementAndGet();
        }
        inFlight.decrementAndGet();
        if (outcome == CallOutcome.DROPPED) {
            drops.increment();
        }
        if (adaptive && outcome != CallOutcome.IGNORED) {
            sample(nowNanos - admittedNanos, Permits.inFlight(permit), outcome == CallOutcome.DROPPED);
        }
        if (!queue.isEmpty()) {
            queue.drain();
        }
    }

    /** Wakes every waiter and admits every later call without a limit (detach, reload). Idempotent. */
    public void close() {
        closed = true;
        queue.close();
    }

    private long admit(int partition) {
        if (!partitioned) {
            for (;;) {
                int now = inFlight.get();
                if (now >= limit) {
                    return REFUSED;
                }
                if (inFlight.compareAndSet(now, now + 1)) {
                    return Permits.of(now + 1, 0);
                }
            }
        }
        LimiterPartition own = partitions[partition];
        for (;;) {
            int now = inFlight.get();
            if (now < limit) {
                // Room under the limit is lent to any partition.
                if (inFlight.compareAndSet(now, now + 1)) {
                    own.busy.incrementAndGet();
                    return Permits.of(now + 1, partition);
                }
            } else {
                // Full: only a partition within its guarantee gets in.
                int busy = own.busy.get();
                if (busy >= own.guaranteed) {
                    return REFUSED;
                }
                if (own.busy.compareAndSet(busy, busy + 1)) {
                    return Permits.of(inFlight.incrementAndGet(), partition);
                }
            }
        }
    }

    private long await(int partition) {
        long start = ticker.read();
        long deadline = start + maxWaitNanos;
        Waiter waiter = queue.enqueue(partition);
        waited.increment();
        boolean interrupted = false;
        long result;
        for (;;) {
            result = waiter.result();
            if (result != Waiter.PENDING) {
                break;
            }
            interrupted |= Thread.interrupted();
            long left = deadline - ticker.read();
            if (interrupted || left <= 0) {
                result = queue.cancel(waiter) ? (interrupted ? INTERRUPTED : TIMED_OUT) : waiter.result();
                break;
            }
            LockSupport.parkNanos(this, left);
        }
        waitNanos.add(Math.max(0, ticker.read() - start));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (result < 0 && result != UNLIMITED) {
            partitions[partition].rejected.increment();
        }
        return result;
    }

    private void sample(long rttNanos, int inFlightAtAdmission, boolean dropped) {
        if (rttNanos <= 0) {
            // A clock too coarse to see the call: no RTT to learn from, but a drop still counts.
            if (!dropped) {
                return;
            }
            rttNanos = 1;
        }
        synchronized (updateLock) {
            int newLimit = algorithm.update(rttNanos, inFlightAtAdmission, dropped);
            int oldLimit = limit;
            if (newLimit != oldLimit) {
                limit = newLimit;
                for (LimiterPartition partition : partitions) {
                    partition.onLimit(newLimit);
                }
                // One static check while no recording wants it; the limit moves rarely anyway.
                ConcurrencyLimitEvent.emit(method, rule, algorithm.kind().key(), oldLimit, newLimit, inFlight.get(),
                        rttNanos, dropped);
            }
        }
    }

    /** The settings it runs with. */
    public LimiterSettings settings() {
        return settings;
    }

    /** The algorithm's kind. */
    public LimitAlgorithmKind algorithm() {
        return algorithm.kind();
    }

    /** The limit now. */
    public int limit() {
        return limit;
    }

    /** Calls holding a permit now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Calls waiting for room now. */
    public int waiting() {
        return queue.size();
    }

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    /** Calls refused since creation (immediately, after waiting, or interrupted), all partitions together. */
    public long rejected() {
        long sum = 0;
        for (LimiterPartition partition : partitions) {
            sum += partition.rejected.sum();
        }
        return sum;
    }

    /** Calls that had to wait for room, admitted or not. */
    public long waited() {
        return waited.sum();
    }

    /** Time those calls spent waiting, in nanoseconds, all together. */
    public long waitNanos() {
        return waitNanos.sum();
    }

    /** Releases with {@link CallOutcome#DROPPED}. */
    public long drops() {
        return drops.sum();
    }

    /** The algorithm's latency estimates in nanoseconds by kind (see {@link LimitAlgorithm#rttEstimates()}). */
    public Map<String, Double> rttEstimates() {
        return algorithm.rttEstimates();
    }

    /** Each partition now, in the order of the shares, the default partition last unless a share names it. */
    public List<PartitionSnapshot> partitions() {
        List<PartitionSnapshot> all = new ArrayList<>(partitions.length);
        for (LimiterPartition partition : partitions) {
            all.add(new PartitionSnapshot(partition.name, partition.percent, partition.guaranteed,
                    partitioned ? partition.busy.get() : inFlight.get(), partition.rejected.sum()));
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * One partition's figures.
     *
     * @param name       the argument value that selects it, or {@value LimiterSettings#DEFAULT_PARTITION}
     * @param percent    its guaranteed share
     * @param guaranteed calls it may have in flight even when the limiter is full
     * @param inFlight   its calls in flight
     * @param rejected   its calls refused since creation
     */
    public record PartitionSnapshot(String name, double percent, int guaranteed, int inFlight, long rejected) {
    }
}
