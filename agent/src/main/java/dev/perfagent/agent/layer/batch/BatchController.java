package dev.perfagent.agent.layer.batch;

import dev.perfagent.agent.time.Ticker;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * The adaptive batch policy: sizes batches against the p99 latency objective of the rule, or, without one, adds no
 * delay at all. The algorithm and its sources are in {@code docs/batching.md}; in brief:
 *
 * <ul>
 *   <li><b>No SLO</b> (the default): cap = max-size, wait 0, never shed. A batch is whatever is queued when a worker
 *       is free, which is what Triton's dynamic batcher and TF Serving do with a zero timeout. Nothing is measured
 *       per call; the cost model is still fitted per batch, for {@code /status}.</li>
 *   <li><b>Cap</b> with an SLO: with {@code Tt(n) = m·(a + b·n)} the cost model's tail prediction, the largest
 *       {@code n ≤ max-size} with {@code 2·Tt(n) ≤ SLO}. A busy model makes a call that just missed a batch wait for
 *       that batch (at most {@code Tt(n)}) and then run in the next (at most {@code Tt(n)}), so at any load the
 *       model can carry, a call meets the SLO; the largest such {@code n} has the most throughput,
 *       {@code n / T(n)} rising with {@code n}. Before the first batch is measured the cap is max-size.</li>
 *   <li><b>Wait</b>: only for a leader holding a free worker, with a measured arrival rate {@code 1/g} (an
 *       exponentially weighted mean of inter-arrival gaps, no smaller than the time since the last arrival).
 *       With {@code k = cap - queued} calls missing, the expected fill time is {@code k·g}; the leader waits only if
 *       {@code k·g ≤ min(max-delay, slack)}, {@code slack = SLO - age(oldest) - Tt(cap)}, and then for
 *       {@code min(max-delay, slack, k·g + 2·√k·g)} (the mean plus two standard deviations of the Poisson fill
 *       time; the batcher is expected to stop waiting as soon as the batch is full).</li>
 *   <li><b>AIMD safety net</b> (Clipper): {@link #tick} takes the p99 of end-to-end latencies reported through
 *       {@link #callDone} since the last evaluation, once at least {@value #MIN_WINDOW_CALLS} calls are in; above
 *       the SLO it cuts its ceiling to {@code min(cap - 1, ⌊0.9·cap⌋)}, otherwise it raises the ceiling by
 *       {@code max(1, modelCap/32)} until it reaches the model's cap. It catches what the model misses (a cost
 *       that is not linear, contention with the callers' own work, pauses).</li>
 *   <li><b>Shed</b>: a call arriving with {@code q} calls ahead and {@code B} of {@code W} workers busy starts once
 *       {@code r = B + ⌊q/cap⌋ - W + 1} batches have finished, which takes {@code ⌈r/W⌉} rounds; it is shed when
 *       {@code (⌈max(r,0)/W⌉ + 1)·Tt(cap) > SLO}.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> {@link #cap}, {@link #waitNanos}, {@link #shed}, {@link #arrived} and {@link #callDone}
 * are called by application threads for every call or every batch: they are lock-free and allocation-free (volatile
 * reads, one atomic exchange in {@code arrived}, one {@link AtomicHistogram} record in {@code callDone}). Two
 * moving averages are updated by plain read-then-write: a lost update under contention drops one sample, which
 * biases nothing. {@link #batchDone} runs once per batch and takes the cost model's short lock. {@link #tick} is
 * for the agent's one control thread; it holds this object's monitor and reuses its buffers. The published cap is
 * recomputed from volatile inputs by whichever thread changed one, so a race leaves it stale only until the next
 * batch.
 */
public final class BatchController implements BatchPolicy {
    /** Calls a latency window needs before its p99 is trusted. */
    static final int MIN_WINDOW_CALLS = 100;
    /** Multiplicative decrease of the AIMD safety net (Clipper's 10%). */
    static final double DECREASE = 0.9;
    /** Weight of the newest inter-arrival gap: about the last 64 arrivals count. */
    static final double ARRIVAL_WEIGHT = 1.0 / 64;
    /** Weight of the newest wait decision in the reported average delay. */
    static final double DELAY_WEIGHT = 1.0 / 16;
    /** Worker utilization above which a missed SLO is blamed on queueing, not on the batch size. */
    static final double SATURATED = 0.9;
    /** Weight of one wait's outcome in {@link #waitingGapNanos}. */
    static final double WAIT_WEIGHT = 1.0 / 4;
    /** How often a wait is tried on the overall arrival rate alone, to re-learn the gap during waits. */
    static final long PROBE_NANOS = 1_000_000_000L;

    private static final long NO_ARRIVAL = Long.MIN_VALUE;
    private static final long LOWEST_LATENCY_NANOS = 1_000;
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 2;

    private final BatchSettings settings;
    private final int maxSize;
    private final int workers;
    private final boolean hasSlo;
    private final long sloNanos;
    private final long maxDelayNanos;
    private final Ticker ticker;
    private final BatchCostModel costModel;

    private volatile int cap;
    /** Largest size that has not run out of memory: halved on each out-of-memory failure, never raised. */
    private volatile int memoryCap = Integer.MAX_VALUE;
    /** Largest size the device's free memory allows, as memory-aware batching learnt it; max while off. */
    private volatile int deviceMemoryCap = Integer.MAX_VALUE;
    private volatile int modelCap;
    private volatile int aimdCap;

    private final AtomicLong lastArrival = new AtomicLong(NO_ARRIVAL);
    private volatile double meanGapNanos = Double.NaN;
    /**
     * Mean gap between arrivals observed while a leader waited (NaN until a wait is seen). A closed loop of
     * callers, all blocked in the batch, sends nothing while the leader waits: the overall arrival rate
     * then promises a fill that never comes, and this is what shows it.
     */
    private volatile double waitingGapNanos = Double.NaN;
    /** When the last wait began, to re-probe a stale {@link #waitingGapNanos} once per {@link #PROBE_NANOS}. */
    private volatile long lastWaitAt = Long.MIN_VALUE;
    /** Batch service time since the last {@link #tick}, for the workers' utilization. */
    private final LongAdder busyNanos = new LongAdder();
    /** When {@link #tick} last evaluated, or MIN_VALUE before the first. */
    private long lastTickAt = Long.MIN_VALUE;
    private volatile double meanDelayNanos;
    private volatile long observedP99Nanos;

    /** End-to-end latencies, cumulative; intervals are differences of snapshots. Null without an SLO. */
    private final AtomicHistogram latencies;
    // Guarded by this (the control thread): the snapshot at the last evaluation, and scratch buffers.
    private Histogram atLastEvaluation;
    private Histogram snapshot;
    private Histogram interval;

    /**
     * @param settings the layer's settings: max-size, workers, slo-p99 and max-delay are used
     * @param ticker   the clock {@link #snapshot()} reads (the per-call methods are given the time)
     */
    public BatchController(BatchSettings settings, Ticker ticker) {
        this(settings, ticker, new BatchCostModel());
    }

    /** As above, with a given cost model (shared with other readers, or tuned). */
    public BatchController(BatchSettings settings, Ticker ticker, BatchCostModel costModel) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.costModel = Objects.requireNonNull(costModel, "costModel");
        this.maxSize = settings.maxSize();
        this.workers = settings.workers();
        this.hasSlo = settings.sloP99().isPresent();
        this.sloNanos = settings.sloP99().map(d -> d.toNanos()).orElse(0L);
        if (hasSlo && sloNanos <= 0) {
            throw new IllegalArgumentException("slo-p99 must be positive: " + settings.sloP99().get());
        }
        this.maxDelayNanos = Math.max(0, settings.maxDelay().toNanos());
        this.cap = maxSize;
        this.modelCap = maxSize;
        this.aimdCap = maxSize;
        if (hasSlo) {
            latencies = new AtomicHistogram(LOWEST_LATENCY_NANOS, HIGHEST_LATENCY_NANOS, SIGNIFICANT_DIGITS);
            atLastEvaluation = newHistogram();
            snapshot = newHistogram();
            interval = newHistogram();
        } else {
            latencies = null;
        }
    }

    @Override
    public int cap() {
        return cap;
    }

    @Override
    public long waitNanos(int queued, long oldestArrival, long now) {
        if (!hasSlo || maxDelayNanos == 0) {
            return 0;
        }
        BatchCostModel.Fit fit = costModel.fit();
        int target = cap;
        int missing = target - queued;
        double gap = currentGap(now);
        if (fit.samples() == 0 || missing <= 0 || Double.isNaN(gap)) {
            return 0;
        }
        double waiting = waitingGapNanos;
        boolean probe = now - lastWaitAt >= PROBE_NANOS;
        if (!Double.isNaN(waiting) && !probe) {
            gap = Math.max(gap, waiting);
        }
        double meanFill = missing * gap;
        double slack = sloNanos - (double) (now - oldestArrival) - fit.predictTail(target);
        double limit = Math.min(maxDelayNanos, slack);
        long wait = 0;
        if (meanFill <= limit) {
            wait = (long) Math.min(limit, meanFill + 2 * Math.sqrt(missing) * gap);
            lastWaitAt = now;
        }
        double mean = meanDelayNanos;
        meanDelayNanos = mean + DELAY_WEIGHT * (wait - mean);
        return wait;
    }

    @Override
    public boolean shed(int queuedAhead, int busyWorkers, long now) {
        if (!hasSlo) {
            return false;
        }
        BatchCostModel.Fit fit = costModel.fit();
        if (fit.samples() == 0) {
            return false;
        }
        int c = cap;
        long mustFinish = (long) Math.max(0, busyWorkers) + Math.max(0, queuedAhead) / c - workers + 1;
        long rounds = mustFinish <= 0 ? 0 : (mustFinish + workers - 1) / workers;
        return (rounds + 1) * fit.predictTail(c) > sloNanos;
    }

    @Override
    public void arrived(long now) {
        if (!hasSlo) {
            return;
        }
        long previous = lastArrival.getAndSet(now);
        if (previous == NO_ARRIVAL) {
            return;
        }
        // Calls may report slightly out of order; a negative gap is an arrival between two others.
        long gap = Math.max(0, now - previous);
        double mean = meanGapNanos;
        meanGapNanos = Double.isNaN(mean) ? gap : mean + ARRIVAL_WEIGHT * (gap - mean);
    }

    @Override
    public void waited(long waitedNanos, int arrivals, long now) {
        if (!hasSlo || waitedNanos <= 0) {
            return;
        }
        // No arrival at all counts as a gap of twice the wait: the true gap is longer than the wait.
        double gap = arrivals == 0 ? 2.0 * waitedNanos : (double) waitedNanos / arrivals;
        double mean = waitingGapNanos;
        waitingGapNanos = Double.isNaN(mean) ? gap : mean + WAIT_WEIGHT * (gap - mean);
    }

    @Override
    public void batchDone(int size, long serviceNanos, long now) {
        costModel.observe(size, serviceNanos);
        busyNanos.add(serviceNanos);
        if (hasSlo) {
            modelCap = capFor(costModel.fit());
            publishCap();
        }
    }

    @Override
    public void callDone(long latencyNanos, long now) {
        if (hasSlo) {
            latencies.recordValue(Math.max(0, Math.min(latencyNanos, HIGHEST_LATENCY_NANOS)));
        }
    }

    /**
     * The slow loop, called by the agent's control thread every 100 ms to 1 s: evaluates the latency window and
     * moves the AIMD ceiling. Does nothing without an SLO.
     */
    public synchronized void tick(long now) {
        if (!hasSlo) {
            return;
        }
        // Share of the time since the last tick the workers spent in batches.
        long busy = busyNanos.sumThenReset();
        double utilization = lastTickAt == Long.MIN_VALUE ? 0 : busy / (double) Math.max(1, (now - lastTickAt) * workers);
        lastTickAt = now;
        int model = capFor(costModel.fit());
        modelCap = model;
        snapshot.reset();
        snapshot.add(latencies);
        if (snapshot.getTotalCount() - atLastEvaluation.getTotalCount() >= MIN_WINDOW_CALLS) {
            interval.reset();
            interval.add(snapshot);
            // Bucket counts only grow, so the difference of two snapshots is never negative.
            interval.subtract(atLastEvaluation);
            Histogram previous = atLastEvaluation;
            atLastEvaluation = snapshot;
            snapshot = previous;
            long p99 = interval.getValueAtPercentile(99);
            observedP99Nanos = p99;
            int ceiling = aimdCap;
            int effective = Math.min(model, ceiling);
            // Over the SLO with the workers nearly always busy, the latency is queueing: smaller batches would
            // serve fewer calls per second and lengthen the queue (a collapse seen under open-loop load), so
            // the cap is cut only when the workers had time to spare, i.e. the batches themselves are slow.
            if (p99 > sloNanos && utilization < SATURATED) {
                aimdCap = Math.max(1, Math.min(effective - 1, (int) (effective * DECREASE)));
            } else if (ceiling < model) {
                aimdCap = Math.min(model, ceiling + Math.max(1, model / 32));
            }
        }
        publishCap();
    }

    /** The cap the cost model alone allows (max-size without an SLO or before the first batch). */
    public int modelCap() {
        return modelCap;
    }

    /** The AIMD safety net's ceiling. */
    public int aimdCap() {
        return aimdCap;
    }

    /** Moving average of the waits decided for partial batches, ns. */
    public long delayNanos() {
        return (long) meanDelayNanos;
    }

    /** The fitted batch cost model. */
    public BatchCostModel costModel() {
        return costModel;
    }

    /** p99 of end-to-end latency in the last evaluated window, ns; 0 before the first evaluation. */
    public long observedP99Nanos() {
        return observedP99Nanos;
    }

    /** Estimated arrivals per second at {@code now}; 0 when unknown (no SLO, or fewer than two arrivals). */
    public double arrivalsPerSecond(long now) {
        double gap = currentGap(now);
        return Double.isNaN(gap) ? 0 : 1e9 / Math.max(1.0, gap);
    }

    /** The settings this controller was built from. */
    public BatchSettings settings() {
        return settings;
    }

    /** Everything above at once, reading the clock for the arrival rate. */
    public BatchControllerSnapshot snapshot() {
        BatchCostModel.Fit fit = costModel.fit();
        return new BatchControllerSnapshot(cap, modelCap, aimdCap, delayNanos(), fit.a(), fit.b(), fit.tailRatio(),
                fit.samples(), arrivalsPerSecond(ticker.read()), observedP99Nanos, settings.sloP99());
    }

    @Override
    public String toString() {
        return "BatchController" + snapshot();
    }

    /** The mean inter-arrival gap, but no less than the time since the last arrival: a lull shows at once. */
    private double currentGap(long now) {
        double mean = meanGapNanos;
        long last = lastArrival.get();
        if (Double.isNaN(mean) || last == NO_ARRIVAL) {
            return Double.NaN;
        }
        return Math.max(mean, (double) (now - last));
    }

    /** Largest n ≤ maxSize with 2·Tt(n) ≤ SLO; at least 1; maxSize before any measurement. */
    int capFor(BatchCostModel.Fit fit) {
        if (!hasSlo || fit.samples() == 0) {
            return maxSize;
        }
        double perRound = sloNanos / 2.0;
        if (fit.b() <= 0) {
            return fit.predictTail(1) <= perRound ? maxSize : 1;
        }
        double n = (perRound / fit.tailRatio() - fit.a()) / fit.b();
        if (n >= maxSize) {
            return maxSize;
        }
        return Math.max(1, (int) Math.floor(n));
    }

    private void publishCap() {
        cap = Math.max(1, Math.min(Math.min(modelCap, aimdCap), Math.min(memoryCap, deviceMemoryCap)));
    }

    /**
     * Halves the cap below the size that ran out of memory (device memory does not grow, so the bound
     * stays; the GPU runtime may later give a tighter one from the device's free memory).
     */
    @Override
    public synchronized void outOfMemory(int size, long now) {
        memoryCap = Math.max(1, Math.min(memoryCap, size / 2));
        publishCap();
    }

    @Override
    public void deviceMemoryCap(int cap, long now) {
        if (cap != deviceMemoryCap) {
            deviceMemoryCap = Math.max(1, cap);
            publishCap();
        }
    }

    /** The cap left by out-of-memory failures (each halves it), or 0 when there was none. */
    public int outOfMemoryCap() {
        int c = memoryCap;
        return c == Integer.MAX_VALUE ? 0 : c;
    }

    private static Histogram newHistogram() {
        return new Histogram(LOWEST_LATENCY_NANOS, HIGHEST_LATENCY_NANOS, SIGNIFICANT_DIGITS);
    }
}
