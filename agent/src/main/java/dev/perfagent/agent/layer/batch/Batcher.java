package dev.perfagent.agent.layer.batch;

import dev.perfagent.CallRejectedException;
import dev.perfagent.CallTimeoutException;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * Coalesces the calls of one batch site on one receiver into batch calls. Each application thread calls
 * {@link #call} once per original call and gets back exactly its own result, or exactly its own exception,
 * or {@link #RUN_ALONE}, which tells it to run the original method itself.
 *
 * <h2>Concurrency contract</h2>
 * Lock-free, no {@code synchronized} (virtual threads never pin here) and no thread of its own. The batches
 * run on the callers' threads: a caller that finds one of the {@code workers} permits free (a CAS on a
 * counter) becomes the <em>leader</em> (beside a running batch, only once half a batch is queued); it
 * drains up to {@link BatchPolicy#cap()} live requests from the queue in arrival order (its own among them
 * if within the cap), runs the {@link BatchFunction}, completes each request, releases the permit and then
 * hands off: if a live request waits at the head of the queue, it wakes that request's thread to lead the
 * next batch. Every other caller parks until its request is completed or until it is woken to lead. With
 * {@link BatchPolicy#waitNanos} at 0 no delay is added: a batch is whatever queued while the model was
 * busy.
 *
 * <p>No wake-up is lost: a follower enqueues (a CAS on the queue's producer index), then tries for a
 * permit, then parks; a leader releases its permit, then looks at the head of the queue. Either the
 * follower's try comes after the release and succeeds, or the leader's look comes after the enqueue and
 * finds a live request to wake (the queue's {@code peek} waits out an element that is being published).
 * The half-batch rule for a further batch changes nothing here: it refuses a permit only while another
 * leader holds one, and that leader hands off when it releases.
 * A caller that cancels its own request (timeout, interrupt) hands off too, because it may have been the
 * one woken; dead requests at the head are removed under a permit so that the head is live whenever a
 * wake-up is owed. {@code LockSupport} permits make an unpark before the park harmless, and every park
 * sits in a loop that re-checks its condition first.
 *
 * <h2>What a call can end with</h2>
 * <ul>
 *   <li>its result, or the exception the batch method threw for its own input: a failed batch is re-run in
 *       halves, recursively, until the failing calls are alone (bounded by the earliest deadline, if
 *       timeouts are set; past it the unresolved calls get the last exception);</li>
 *   <li>{@link IllegalStateException} when the batch method returned the wrong number of results; batching
 *       is then off for good ({@link #disabled()}) and later calls get {@code RUN_ALONE};</li>
 *   <li>queue full, or shed by the policy: per {@link BatchSettings#whenFull()}, {@code RUN_ALONE},
 *       {@link CallRejectedException}, or (BLOCK) a wait for room up to the timeout. With BLOCK the policy
 *       is not asked to shed: waiting is what the setting asks for, and waiting in the queue keeps the
 *       call's place;</li>
 *   <li>{@link CallTimeoutException} when its deadline ({@link BatchSettings#timeout()} after arrival)
 *       passes while it waits for room, in the queue, or in another thread's running batch (whose late
 *       result is then dropped). A leader runs the batch method on its own thread and cannot leave it
 *       midway: its own call ends when the batch does, like the original method would;</li>
 *   <li>interrupt: a call interrupted while still queued leaves the queue and returns {@code RUN_ALONE}
 *       with its interrupt status set, so the original method meets the interrupt as it would have without
 *       the agent. Once its request is in a batch it waits on for the result (still bounded by the timeout)
 *       and its interrupt status is restored when it returns;</li>
 *   <li>{@code RUN_ALONE} after {@link #close()}, and for a call the batch method makes back into the same
 *       batcher from a leader's thread (waiting there would deadlock).</li>
 * </ul>
 * Exceptions from the policy or the stats (agent bugs) are caught and counted as faults; the calls they
 * touched are still completed, with their own result where one exists and {@code RUN_ALONE} otherwise.
 *
 * <h2>Queue and policy</h2>
 * The queue holds {@link BatchSettings#queueCapacity()} requests, checked against its size before each
 * offer, so callers arriving at the same instant may overshoot by a few (never past the next power of
 * two, the underlying array's size). Cancelled requests keep their slot until a leader drains past them.
 * The policy hears {@code arrived} for every call, {@code shed} at arrival (not with BLOCK), {@code cap}
 * and {@code waitNanos} from leaders, {@code batchDone} after every run of the batch method that returned
 * (re-runs of a failed batch included) and {@code callDone} for every call completed from a batch and
 * every call that timed out.
 *
 * <p>Deadlines are read from the {@link Ticker}; parking is in real time, so with a hand-driven ticker a
 * waiting call notices a passed deadline only when its park ends.
 */
public final class Batcher implements AutoCloseable {

    /** Returned by {@link #call}: the caller must run the original method itself. */
    public static final Object RUN_ALONE = Sentinel.RUN_ALONE;

    private enum Sentinel { RUN_ALONE }

    /** Polling waits (BLOCK, {@link #awaitIdle}) start at 1 µs and double up to 1 ms. */
    /** Batches one leader runs in a row while calls keep waiting, before it returns to its own caller. */
    static final int BATCHES_PER_LEAD = 4;
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final BatchPolicy policy;
    private final BatchSettings settings;
    private final Ticker ticker;
    private final BatchStats stats;
    private final BatchExecution execution;
    /*
     * The atomic (field-updater) flavour of JCTools' bounded MPMC queue: same algorithm as MpmcArrayQueue,
     * but no sun.misc.Unsafe, whose use JDK 24+ reports on the host's stderr. It rounds its capacity up to a
     * power of two, so the configured capacity is enforced by the size check in offer().
     */
    private final MpmcAtomicArrayQueue<BatchRequest> queue;
    private final int capacity;
    private final int workers;
    /** Per-call timeout in nanoseconds; negative for none. */
    private final long timeoutNanos;
    private final long maxDelayNanos;
    /** How long a leader's own call may wait while it runs further batches: half the SLO, else unbounded. */
    private final long leadBudgetNanos;
    /** Permits held: batches running, plus brief holds to purge dead requests. */
    private final AtomicInteger busy = new AtomicInteger();
    /** Callers inside {@link #call}, for {@link #awaitIdle}. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The threads now running a batch, to recognise a call the batch method makes back into this batcher. */
    private final AtomicReferenceArray<Thread> leaders;
    /** A leader waiting for its batch to fill, and the queue length that should wake it. */
    private volatile Thread filling;
    private volatile int fillTarget;
    private volatile boolean closed;

    /**
     * @param name     names the site in exception messages, e.g. the rule and method
     * @param function runs one batch
     * @param policy   sizes batches and decides on shedding; must not block
     * @param settings capacity, workers, timeout and when-full behaviour
     * @param ticker   the clock for arrival times and deadlines
     * @param stats    where the site's figures go
     */
    public Batcher(String name, BatchFunction function, BatchPolicy policy, BatchSettings settings, Ticker ticker,
                   BatchStats stats) {
        this(name, function, policy, settings, ticker, stats, DeviceMemoryCap.OFF);
    }

    /**
     * As above, with memory-aware batching: {@code memory} reads the device's free memory around each batch
     * and tells the policy the cap it allows ({@link BatchPolicy#deviceMemoryCap}).
     */
    public Batcher(String name, BatchFunction function, BatchPolicy policy, BatchSettings settings, Ticker ticker,
                   BatchStats stats, DeviceMemoryCap memory) {
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.capacity = settings.queueCapacity();
        this.workers = settings.workers();
        this.timeoutNanos = settings.timeout().map(Duration::toNanos).orElse(-1L);
        this.maxDelayNanos = settings.maxDelay().toNanos();
        this.leadBudgetNanos = settings.sloP99().map(slo -> slo.toNanos() / 2).orElse(Long.MAX_VALUE);
        this.queue = new MpmcAtomicArrayQueue<>(Math.max(2, capacity));
        this.leaders = new AtomicReferenceArray<>(workers);
        this.execution = new BatchExecution(name, Objects.requireNonNull(function, "function"), policy, stats,
                ticker, timeoutNanos >= 0, settings.maxSize(), Objects.requireNonNull(memory, "memory"));
    }

    /**
     * Runs one original call as part of a batch.
     *
     * @param args the original call's arguments
     * @return this call's result, or {@link #RUN_ALONE}: run the original method on this thread
     * @throws Throwable the exception the batch method threw for this call's input, or
     *                   {@link CallRejectedException}, {@link CallTimeoutException}, or
     *                   {@link IllegalStateException} (batch method broke its contract)
     */
    public Object call(Object[] args) throws Throwable {
        inFlight.incrementAndGet();
        try {
            // Counted in flight before the check, so awaitIdle after close() cannot miss this call.
            if (closed || execution.broken() || isLeader(Thread.currentThread())) {
                return runAlone();
            }
            long now = ticker.read();
            arrived(now);
            BatchRequest request = new BatchRequest(args, now, now + timeoutNanos, Thread.currentThread());
            // Shedding exists to take load off: only a call that is refused does. Run alone, a shed call would
            // add an unbatched model call to an overloaded model; blocked, it would wait anyway.
            if (settings.whenFull() == WhenFull.REJECT && shed(now)) {
                stats.recordShed();
                return refuse(request, "shed: predicted to miss the SLO");
            }
            if (!offer(request)) {
                stats.recordRejected();
                return refuse(request, "queue full (capacity " + capacity + ")");
            }
            return enqueued(request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Stops batching: later calls get {@link #RUN_ALONE}, and so do the calls still waiting in the queue
     * (they complete at once and run the original method themselves). Batches already running finish
     * normally. Idempotent; never blocks.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The weakly consistent iterator may miss a request being enqueued right now; its caller checks
        // closed after enqueueing, and any leader that finds closed set tells the rest to run alone.
        for (BatchRequest request : queue) {
            if (request.take()) {
                BatchExecution.runAlone(request);
            }
        }
        Thread waiting = filling;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
        handOff();
    }

    /**
     * Waits until no call is inside this batcher and no batch is running, e.g. before detaching.
     * Polls with a short back-off; returns false if {@code timeout} (measured with the ticker) passed first.
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = ticker.read() + timeout.toNanos();
        long backoff = MIN_BACKOFF_NANOS;
        while (inFlight.get() != 0 || busy.get() != 0) {
            long remaining = deadline - ticker.read();
            if (remaining <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(backoff, remaining));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
        return true;
    }

    /** Whether batching was turned off because the batch method returned the wrong number of results. */
    public boolean disabled() {
        return execution.broken();
    }

    public boolean closed() {
        return closed;
    }

    public String name() {
        return name;
    }

    public BatchStats stats() {
        return stats;
    }

    /** Requests in the queue, including cancelled ones not yet removed. */
    public int queued() {
        return queue.size();
    }

    /** Permits held now: batches running (and brief clean-ups). */
    public int busyWorkers() {
        return busy.get();
    }

    // ---- arrival ---------------------------------------------------------------------------------------

    private boolean offer(BatchRequest request) {
        return queue.size() < capacity && queue.offer(request);
    }

    /** Just enqueued: wake a filling leader if the batch is now full, then wait for the outcome. */
    private Object enqueued(BatchRequest request) throws Throwable {
        Thread waiting = filling;
        if (waiting != null && queue.size() >= fillTarget) {
            LockSupport.unpark(waiting);
        }
        // close() or a broken batch method may have raced with the enqueue; nobody may be left to serve it.
        if ((closed || execution.broken()) && request.cancel()) {
            handOff();
            return runAlone();
        }
        return await(request);
    }

    private Object refuse(BatchRequest request, String reason) throws Throwable {
        switch (settings.whenFull()) {
            case REJECT:
                throw new CallRejectedException(name + ": batch " + reason + ", call rejected");
            case BLOCK:
                return awaitRoom(request);
            case RUN_ALONE:
            default:
                return runAlone();
        }
    }

    /** BLOCK: polls for room until the deadline. Not queued yet, so an interrupt means run alone. */
    private Object awaitRoom(BatchRequest request) throws Throwable {
        long backoff = MIN_BACKOFF_NANOS;
        while (true) {
            if (closed || execution.broken() || Thread.currentThread().isInterrupted()) {
                return runAlone();
            }
            if (offer(request)) {
                return enqueued(request);
            }
            long park = backoff;
            if (timeoutNanos >= 0) {
                long remaining = request.deadline - ticker.read();
                if (remaining <= 0) {
                    throw timedOut(request, "waiting for room in the full queue");
                }
                park = Math.min(park, remaining);
            }
            LockSupport.parkNanos(this, park);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    // ---- waiting and leading ---------------------------------------------------------------------------

    /** Waits for a queued request's outcome, leading batches whenever a permit is free. */
    private Object await(BatchRequest request) throws Throwable {
        boolean interrupted = false;
        try {
            while (true) {
                if (Thread.interrupted()) {
                    interrupted = true;   // restored in finally; cleared meanwhile so park() does not spin
                }
                int state = request.state();
                if (state == BatchRequest.DONE) {
                    Object outcome = request.outcome();
                    if (outcome == RUN_ALONE) {
                        stats.recordRunAlone();
                    }
                    return outcome;
                }
                long remaining = timeoutNanos < 0 ? Long.MAX_VALUE : request.deadline - ticker.read();
                if (remaining <= 0) {
                    if (state == BatchRequest.QUEUED && request.cancel()) {
                        handOff();
                        throw timedOut(request, "while queued");
                    }
                    if (state == BatchRequest.TAKEN && request.abandon()) {
                        throw timedOut(request, "while its batch was running");
                    }
                    continue;   // the state moved under us: look again
                }
                if (state == BatchRequest.QUEUED) {
                    if (interrupted) {
                        if (request.cancel()) {
                            handOff();
                            return runAlone();
                        }
                        continue;   // taken meanwhile: wait for it
                    }
                    if (tryAcquireToLead()) {
                        lead(request);
                        continue;
                    }
                }
                if (remaining == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, remaining);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Holding a permit: forms and runs batches, then releases the permit and hands off. The leader keeps
     * the permit for the next batch while calls are waiting (up to {@link #BATCHES_PER_LEAD}): handing
     * off would make the model wait for a woken thread to be scheduled, a context switch per batch on a
     * busy machine, while this thread is already running. Only this leader's own caller waits longer, and
     * with an SLO no longer than half of it.
     */
    private void lead(BatchRequest own) {
        int slot = claimLeaderSlot();
        try {
            for (int led = 0; led < BATCHES_PER_LEAD; led++) {
                if (!leadOne() || queue.isEmpty() || ticker.read() - own.arrival > leadBudgetNanos) {
                    break;
                }
            }
        } finally {
            if (slot >= 0) {
                leaders.set(slot, null);
            }
            busy.decrementAndGet();
            handOff();
        }
    }

    /** Forms and runs one batch, permit held. Returns false when batching stopped (closed or broken). */
    private boolean leadOne() {
        List<BatchRequest> batch = List.of();
        try {
            if (!closed && !execution.broken()) {
                int cap = cap();
                awaitFill(cap);
                batch = drain(cap);
            }
            if (closed || execution.broken()) {
                batch.forEach(BatchExecution::runAlone);
                flushQueued();
                return false;
            }
            if (!batch.isEmpty()) {
                handOff();   // with more than one worker, another caller may lead the next batch meanwhile
                execution.run(batch);
            }
            return true;
        } catch (Throwable t) {
            execution.fault(t);
            batch.forEach(BatchExecution::runAlone);   // completes only requests still unresolved
            return false;
        }
    }

    /** With a positive {@link BatchPolicy#waitNanos}, waits (permit held) for the batch to fill. */
    private void awaitFill(int cap) {
        long started = ticker.read();
        while (!closed) {
            int queued = queue.size();
            if (queued == 0 || queued >= cap) {
                return;
            }
            BatchRequest oldest = queue.peek();
            if (oldest == null) {
                return;
            }
            long now = ticker.read();
            long wait = Math.min(waitNanos(queued, oldest.arrival, now), maxDelayNanos - (now - started));
            if (timeoutNanos >= 0) {
                wait = Math.min(wait, oldest.deadline - now);
            }
            if (wait <= 0 || Thread.currentThread().isInterrupted()) {
                return;   // a set interrupt status would make parkNanos return at once, over and over
            }
            fillTarget = cap;
            filling = Thread.currentThread();
            // Re-check after publishing: an arrival either sees this thread in `filling` or is counted here.
            if (queue.size() < cap) {
                long parkedAt = ticker.read();
                LockSupport.parkNanos(this, wait);
                long waited = ticker.read() - parkedAt;
                try {
                    policy.waited(waited, Math.max(0, queue.size() - queued), parkedAt + waited);
                } catch (Throwable t) {
                    execution.fault(t);
                }
            }
            filling = null;
        }
    }

    /** Takes up to {@code cap} live requests, oldest first; dead ones met on the way are dropped. */
    private List<BatchRequest> drain(int cap) {
        List<BatchRequest> batch = new ArrayList<>(cap);   // sized up front: add() cannot fail after take()
        while (batch.size() < cap) {
            BatchRequest request = queue.poll();
            if (request == null) {
                break;
            }
            if (request.take()) {
                batch.add(request);
            }
        }
        return batch;
    }

    /** Closed or broken, permit held: every request still queued runs alone. */
    private void flushQueued() {
        BatchRequest request;
        while ((request = queue.poll()) != null) {
            if (request.take()) {
                BatchExecution.runAlone(request);
            }
        }
    }

    /**
     * Called after releasing a permit or cancelling a request: if a permit is free and the queue is not
     * empty (holds half a batch, while another batch runs), wakes the caller at the head to lead. Dead
     * requests at the head are removed first, under a permit, because only permit holders poll (so a peeked
     * dead head is the one polled when one worker).
     */
    private void handOff() {
        while (busy.get() < workers) {
            BatchRequest head = queue.peek();
            if (head == null) {
                return;
            }
            if (head.isQueued()) {
                if (mayStartBeside(busy.get())) {
                    LockSupport.unpark(head.thread);
                }
                return;
            }
            if (!tryAcquire()) {
                return;   // the holder hands off when it releases
            }
            try {
                purgeDeadHead();
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    private void purgeDeadHead() {
        BatchRequest head;
        while ((head = queue.peek()) != null && !head.isQueued()) {
            BatchRequest removed = queue.poll();
            // With several workers another leader may have polled the dead head first, so this poll got a
            // live request: it cannot go back to the head, so its caller runs the original method itself.
            if (removed != null && removed != head && removed.take()) {
                BatchExecution.runAlone(removed);
            }
        }
    }

    private boolean tryAcquire() {
        int held;
        while ((held = busy.get()) < workers) {
            if (busy.compareAndSet(held, held + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A permit to lead: the first batch whenever a permit is free; a further batch beside a running one only
     * as {@link #mayStartBeside} allows.
     */
    private boolean tryAcquireToLead() {
        int held;
        while ((held = busy.get()) < workers) {
            if (!mayStartBeside(held)) {
                return false;
            }
            if (busy.compareAndSet(held, held + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a batch may start now with {@code held} permits held: at once if none, else once
     * {@link #concurrentStart()} calls are queued.
     */
    private boolean mayStartBeside(int held) {
        return held == 0 || queue.size() >= concurrentStart();
    }

    /**
     * Calls that must be queued before a batch starts beside a running one: half the cap. A free worker
     * that ran whatever was queued would, with callers blocked in the running batch, start batches of one
     * or two (a closed loop of 64 virtual threads on a 2-core machine averaged one call a batch with two
     * workers, and fewer items/s than one worker); half full, two batches alternate and keep both
     * executors busy. The first batch still starts at once, so an idle model adds no delay.
     */
    private int concurrentStart() {
        return Math.max(1, cap() / 2);
    }

    private int claimLeaderSlot() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < workers; i++) {
            if (leaders.compareAndSet(i, null, me)) {
                return i;
            }
        }
        return -1;   // cannot happen: slots >= leaders; the batch still runs
    }

    private boolean isLeader(Thread thread) {
        for (int i = 0; i < workers; i++) {
            if (leaders.get(i) == thread) {
                return true;
            }
        }
        return false;
    }

    // ---- outcomes and guarded policy calls -------------------------------------------------------------

    private Object runAlone() {
        stats.recordRunAlone();
        return RUN_ALONE;
    }

    private CallTimeoutException timedOut(BatchRequest request, String where) {
        stats.recordTimedOut();
        try {
            long now = ticker.read();
            policy.callDone(now - request.arrival, now);   // the controller must see its worst latencies
        } catch (Throwable t) {
            execution.fault(t);
        }
        return new CallTimeoutException(name + ": batched call timed out after "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms " + where);
    }

    private int cap() {
        int max = settings.maxSize();
        try {
            int cap = policy.cap();
            return cap < 1 ? 1 : Math.min(cap, max);
        } catch (Throwable t) {
            execution.fault(t);
            return max;
        }
    }

    private long waitNanos(int queued, long oldestArrival, long now) {
        try {
            return policy.waitNanos(queued, oldestArrival, now);
        } catch (Throwable t) {
            execution.fault(t);
            return 0;
        }
    }

    private boolean shed(long now) {
        try {
            return policy.shed(queue.size(), busy.get(), now);
        } catch (Throwable t) {
            execution.fault(t);
            return false;
        }
    }

    private void arrived(long now) {
        try {
            policy.arrived(now);
        } catch (Throwable t) {
            execution.fault(t);
        }
    }
}
