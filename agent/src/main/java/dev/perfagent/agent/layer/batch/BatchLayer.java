package dev.perfagent.agent.layer.batch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch layer of one site: one {@link Batcher} (with its own {@link BatchController}) per receiver,
 * since each model instance is its own resource, and one {@link BatchStats} for the site. Receivers are
 * held weakly and compared by identity, so a model the application drops is not kept alive.
 *
 * <p>{@link #call} runs on application threads and never throws: the caller's own exception comes back
 * as an {@link Outcome}, and null means "run the original method".
 */
public final class BatchLayer implements AutoCloseable {
    /** The queue key of a static batched method, which has no receiver. */
    private static final Object NO_RECEIVER = new Object();

    private final String method;
    private final BatchForm form;
    private final BatchSettings settings;
    private final Duration fixedDelay;
    private final Ticker ticker;
    private final AgentLog log;
    private final BatchStats stats;
    private final Cache<Object, Lane> lanes = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    private volatile boolean closed;
    private volatile String off;

    /** One receiver's queue and policy. */
    private record Lane(Batcher batcher, BatchPolicy policy) {
    }

    /**
     * @param fixedDelay zero for the adaptive {@link BatchController}; otherwise a {@link FixedBatchPolicy}
     *                   that waits this long for a partial batch (the baselines of Triton and TF Serving)
     */
    public BatchLayer(String method, BatchForm form, BatchSettings settings, Duration fixedDelay, Ticker ticker,
                      AgentLog log) {
        this.method = method;
        this.form = form;
        this.settings = settings;
        this.fixedDelay = fixedDelay;
        this.ticker = ticker;
        this.log = log;
        this.stats = new BatchStats(settings.maxSize());
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
        Lane lane = lanes.getIfPresent(self == null ? NO_RECEIVER : self);
        if (lane == null) {
            lane = newLane(self);
            if (lane == null) {
                return null;
            }
        }
        Object result;
        try {
            result = lane.batcher().call(args);
        } catch (Throwable thrown) {
            return Outcome.throwing(thrown);
        } finally {
            // The lane holds the receiver weakly: keep it alive until its batch has run.
            Reference.reachabilityFence(self);
        }
        return result == Batcher.RUN_ALONE ? null : Outcome.returning(result);
    }

    private Lane newLane(Object self) {
        Method batchForm;
        try {
            batchForm = form.resolve(self == null ? null : self.getClass());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The weave-time check found the method in the class file; failing to reach it now (a
            // security manager, a strong module boundary) turns batching off, not the application.
            off = "cannot call " + form.signature() + ": " + e;
            log.error("batch layer of " + method + " is off: " + off + "; calls run unbatched");
            return null;
        }
        return lanes.get(self == null ? NO_RECEIVER : self, key -> {
            BatchPolicy policy = fixedDelay.isZero() ? new BatchController(settings, ticker)
                    : new FixedBatchPolicy(settings.maxSize(), fixedDelay);
            Batcher batcher = new Batcher(method, new ViaBatchFunction(self, batchForm, form), policy, settings,
                    ticker, stats);
            return new Lane(batcher, policy);
        });
    }

    /** Advances each controller's slow loop (AIMD against the SLO); called by the control loop. */
    public void tick() {
        long now = ticker.read();
        for (Lane lane : lanes.asMap().values()) {
            if (lane.policy() instanceof BatchController) {
                ((BatchController) lane.policy()).tick(now);
            }
        }
    }

    /** The site's figures, all receivers together. */
    public BatchStats stats() {
        return stats;
    }

    /** The batch form, as {@code Owner#name(descriptor)}. */
    public String via() {
        return form.signature();
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
        for (Lane lane : lanes.asMap().values()) {
            if (lane.batcher().disabled()) {
                return "the batch form returned a result of the wrong length; calls run unbatched";
            }
        }
        return null;
    }

    /** The adaptive controllers' current state, one per receiver. */
    public List<BatchControllerSnapshot> controllers() {
        List<BatchControllerSnapshot> all = new ArrayList<>();
        for (Lane lane : lanes.asMap().values()) {
            if (lane.policy() instanceof BatchController) {
                all.add(((BatchController) lane.policy()).snapshot());
            }
        }
        return all;
    }

    /**
     * Stops batching: calls still queued run the original method on their own threads, batches in flight
     * finish. Waits up to {@code patience} for every pending call to complete.
     *
     * @return true if all completed in time
     */
    public boolean close(Duration patience) {
        closed = true;
        List<Lane> all = new ArrayList<>(lanes.asMap().values());
        for (Lane lane : all) {
            lane.batcher().close();
        }
        long deadline = System.nanoTime() + patience.toNanos();
        boolean idle = true;
        for (Lane lane : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            idle &= lane.batcher().awaitIdle(Duration.ofNanos(left));
        }
        return idle;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
