package dev.perfagent.agent.layer.limit;

import dev.perfagent.CallRejectedException;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code concurrency-limit} layer of one site: a thin adapter from the call chain to a
 * {@link ConcurrencyLimiter}. On the way in it picks the call's partition from an argument and takes a permit
 * (or refuses the call with {@link CallRejectedException}); on the way out it gives the permit back with the
 * outcome: an RTT sample when the method (or its batch) answered normally, a drop for an exception named in
 * {@code dropped-on}, nothing for other exceptions and for calls a layer further in answered (a cache hit, a
 * breaker's refusal). The RTT runs from admission, not from the call's start, so time spent waiting here or in
 * an outer layer is not taken for the dependency's latency.
 *
 * <p>Enter and exit allocate nothing on the admitted path for a {@code String} or enum partition argument (other
 * arguments are turned into text with {@code String.valueOf}).
 */
public final class ConcurrencyLimitLayer implements CallLayer, LayerMetrics {
    /** The admission's delay after the call's start is kept in the bits above the permit, in nanoseconds. */
    private static final int DELAY_SHIFT = Permits.BITS;
    /** Delays that do not fit (over 2^37 ns, about 137 s) are stored as this, and the call gives no sample. */
    private static final long DELAY_UNKNOWN = (1L << (63 - DELAY_SHIFT)) - 1;
    private static final long PERMIT_MASK = (1L << Permits.BITS) - 1;
    /** The mark of a call that went through without a permit (the limiter was closed). */
    private static final long NO_PERMIT = -1;

    private final String method;
    private final ConcurrencyLimiter limiter;
    private final int partitionBy;
    private final DroppedExceptions droppedOn;
    private final Ticker ticker;
    private final ConcurrencyLimitFigures figures;

    /**
     * @param method      the guarded method, for refusal messages
     * @param partitionBy the argument whose {@code String.valueOf} names the partition, or -1 when not partitioned
     * @param droppedOn   the exceptions that count as drops
     * @param ticker      the site's clock: the one {@link LayeredCall#startNanos()} is read from
     */
    public ConcurrencyLimitLayer(String method, ConcurrencyLimiter limiter, int partitionBy,
                                 DroppedExceptions droppedOn, Ticker ticker) {
        if (limiter.settings().partitioned() != partitionBy >= 0) {
            throw new IllegalArgumentException("partitions need an argument to take them from, and only they do");
        }
        this.method = method;
        this.limiter = limiter;
        this.partitionBy = partitionBy;
        this.droppedOn = droppedOn;
        this.ticker = ticker;
        this.figures = new ConcurrencyLimitFigures(limiter, partitionBy, droppedOn);
    }

    /**
     * The layer for one woven method, or empty (the reason logged) when the rule cannot apply to it: a partition
     * argument the method does not have.
     */
    public static Optional<ConcurrencyLimitLayer> create(LayerTarget target, LimiterSettings settings,
                                                         OptionalInt partitionBy, List<String> droppedOn,
                                                         Ticker ticker, AgentLog log) {
        int by = partitionBy.orElse(-1);
        if (by >= target.parameterTypes().size()) {
            log.error("rule " + target.rule() + ": concurrency-limit.partition.by is " + by + " but "
                    + target.method() + " takes " + target.parameterTypes().size()
                    + " argument(s) (counted from 0); the concurrency limit stays off for this method");
            return Optional.empty();
        }
        return Optional.of(new ConcurrencyLimitLayer(target.method(), new ConcurrencyLimiter(settings, ticker, target.method(),
                target.rule()), by,
                new DroppedExceptions(droppedOn), ticker));
    }

    @Override
    public LayerKind kind() {
        return LayerKind.CONCURRENCY_LIMIT;
    }

    /** Its state for a call lives in the call's slots and is done with at the exit. */
    @Override
    public boolean confinesCalls() {
        return true;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        // Until a permit is held: should anything below fail, the chain still calls exit, which must release nothing.
        call.mark(NO_PERMIT);
        int partition = partitionBy < 0 ? 0 : limiter.partition(String.valueOf(call.args()[partitionBy]));
        long permit = limiter.acquire(partition);
        if (permit >= 0) {
            long now = call.now(ticker);
            if (limiter.settings().whenLimited() == WhenLimited.WAIT) {
                // It may have waited for room: the layers inside, and the RTT sample, start from now.
                now = ticker.read();
                call.clockAt(now);
            }
            long delay = now - call.startNanos();
            call.mark(permit | (delay >= 0 && delay < DELAY_UNKNOWN ? delay : DELAY_UNKNOWN) << DELAY_SHIFT);
            return null;
        }
        if (permit == ConcurrencyLimiter.UNLIMITED) {
            return null;
        }
        return Outcome.throwing(new CallRejectedException(refusal(permit, partition)));
    }

    @Override
    public void exit(LayeredCall call, Object returned, Throwable thrown) {
        long mark = call.mark();
        if (mark < 0) {
            return;
        }
        long delay = mark >>> DELAY_SHIFT;
        CallOutcome outcome;
        if (!call.servedBy().reachedMethod() || delay == DELAY_UNKNOWN) {
            outcome = CallOutcome.IGNORED;
        } else if (thrown == null) {
            outcome = CallOutcome.SUCCEEDED;
        } else {
            outcome = droppedOn.matches(thrown) ? CallOutcome.DROPPED : CallOutcome.IGNORED;
        }
        limiter.release(mark & PERMIT_MASK, call.startNanos() + delay, call.now(ticker), outcome);
    }

    @Override
    public void close() {
        limiter.close();
    }

    private String refusal(long code, int partition) {
        String figures = "limit " + limiter.limit() + ", " + limiter.inFlight() + " in flight";
        if (partitionBy >= 0) {
            ConcurrencyLimiter.PartitionSnapshot own = limiter.partitions().get(partition);
            figures += "; partition '" + own.name() + "' has " + own.inFlight() + " in flight, guaranteed "
                    + own.guaranteed();
        }
        String algorithm = " (" + limiter.algorithm().key() + ")";
        if (code == ConcurrencyLimiter.TIMED_OUT) {
            return "concurrency limit of " + method + ": no room within max-wait "
                    + ConcurrencyLimitFigures.duration(limiter.settings().maxWait()) + " (" + figures + ")" + algorithm;
        }
        if (code == ConcurrencyLimiter.INTERRUPTED) {
            return "concurrency limit of " + method + ": interrupted while waiting for room (" + figures + ")"
                    + algorithm;
        }
        return "concurrency limit of " + method + " reached: " + figures + algorithm;
    }

    /** The limiter behind the layer. */
    public ConcurrencyLimiter limiter() {
        return limiter;
    }

    @Override
    public String layer() {
        return LayerKind.CONCURRENCY_LIMIT.metricName();
    }

    @Override
    public List<LayerFigure> figures() {
        return figures.figures();
    }

    @Override
    public Map<String, String> states() {
        return figures.states();
    }
}
