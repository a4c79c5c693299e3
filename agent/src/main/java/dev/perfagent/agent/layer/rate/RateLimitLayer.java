package dev.perfagent.agent.layer.rate;

import dev.perfagent.CallRejectedException;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.StripedCounter;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import dev.perfagent.export.LayerFigure;
import dev.perfagent.export.LayerMetrics;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rate-limit layer of one site: calls start at most {@code permits} per {@code per}, evenly spaced,
 * with {@code burst} extra at once (see {@link GcraLimiter}). A call that comes too early is refused with
 * {@link CallRejectedException} ({@code when-limited: reject}), or ({@code wait}) takes the next free slot
 * and sleeps until it, unless that slot is more than {@code max-wait} away: such a call is refused at
 * once, without sleeping and without taking a slot.
 *
 * <p>A call admitted at once reads the clock, does one compare-and-set and bumps one counter: no lock,
 * no allocation. Neither does a refusal: each kind of refusal answers with one shared {@link Outcome} that
 * throws one shared {@link CallRejectedException}, which has no stack trace, cause or suppressed exceptions
 * to differ in, so sharing it is invisible to the application and a refusal storm does not feed the
 * collector.
 *
 * <p>A waiting call that is interrupted is refused with its interrupt flag set again; it hands its slot
 * back if no later call has taken one since ({@link GcraLimiter#giveBack}), else the slot stays used,
 * which costs the site one interval's capacity but never lets more calls through than the limit.
 * {@link #close()} wakes the waiting calls, which then go through, and lets every later call through:
 * the layer is being replaced or removed.
 */
public final class RateLimitLayer implements CallLayer, LayerMetrics {
    private final RateLimitSettings settings;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final GcraLimiter limiter;
    private final long maxWaitNanos;
    /** The answer to a call whose turn is too far (with reject: any call that comes too early). */
    private final Outcome turnTooFar;
    private final Outcome interrupted;
    /** Counted on every call (refused ones in a refusal storm): no atomic instruction for their threads. */
    private final StripedCounter permitted = new StripedCounter();
    private final StripedCounter rejected = new StripedCounter();
    private final LongAdder waited = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final LongAdder waiting = new LongAdder();
    private volatile boolean closed;

    /**
     * @param method  the guarded method in pattern notation, for refusal messages
     * @param ticker  the site's clock; the limiter starts idle at its reading now
     * @param sleeper how waiting calls sleep; this layer's own (see {@link Sleeper#parking()})
     */
    public RateLimitLayer(String method, RateLimitSettings settings, Ticker ticker, Sleeper sleeper) {
        Objects.requireNonNull(method, "method");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.limiter = new GcraLimiter(settings.intervalNanos(), settings.toleranceNanos(), ticker.read());
        this.maxWaitNanos = settings.maxWaitNanos();
        String limit = method + ": rate limit " + settings.rate() + " (burst " + settings.burst() + ")";
        CallRejectedException limited = new CallRejectedException(limit + " reached, call rejected");
        this.turnTooFar = Outcome.throwing(settings.maxWait().map(maxWait -> new CallRejectedException(limit
                + ": its turn is more than max-wait " + RateLimitSettings.format(maxWait) + " away, call rejected"))
                .orElse(limited));
        this.interrupted = Outcome.throwing(new CallRejectedException(limit + ": interrupted while waiting for its"
                + " turn, call rejected"));
    }

    @Override
    public LayerKind kind() {
        return LayerKind.RATE_LIMIT;
    }

    /** Its state for a call lives in the call's slots and is done with at the exit. */
    @Override
    public boolean confinesCalls() {
        return true;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        if (closed) {
            return null;
        }
        long now = call.now(ticker);
        long wait = limiter.acquire(now, maxWaitNanos);
        if (wait == 0) {
            permitted.increment();
            return null;
        }
        if (wait == GcraLimiter.REFUSED) {
            rejected.increment();
            return turnTooFar;
        }
        return awaitTurn(call, now, wait);
    }

    /** The call holds the slot at {@code now + wait}: sleep until then, or until the layer closes. */
    private Outcome awaitTurn(LayeredCall call, long now, long wait) {
        long turn = now + wait;
        waiting.increment();
        try {
            for (long left = wait; left > 0 && !closed; left = turn - ticker.read()) {
                sleeper.sleep(left);
            }
        } catch (InterruptedException e) {
            limiter.giveBack(now, wait);
            Thread.currentThread().interrupt();
            rejected.increment();
            return interrupted;
        } finally {
            waiting.decrement();
        }
        long after = ticker.read();
        call.clockAt(after); // the layers inside see the time the call really goes on
        waitNanos.add(Math.max(0, after - now));
        waited.increment();
        permitted.increment();
        return null;
    }

    /** Wakes the waiting calls (they go through) and lets every later call through. */
    @Override
    public void close() {
        closed = true;
        sleeper.wakeAll();
    }

    /** The settings the layer runs with. */
    public RateLimitSettings settings() {
        return settings;
    }

    /** How many calls could go through at once now: {@code burst + 1} when idle, 0 when limited. */
    public long availablePermits() {
        return limiter.available(ticker.read());
    }

    /** The limiter's theoretical arrival time, for tests. */
    long theoreticalArrivalTime() {
        return limiter.theoreticalArrivalTime();
    }

    @Override
    public String layer() {
        return LayerKind.RATE_LIMIT.metricName();
    }

    @Override
    public List<LayerFigure> figures() {
        return List.of(
                LayerFigure.counter("permitted", "Calls the rate limit let through, at once or after waiting.",
                        permitted.sum()),
                LayerFigure.counter("rejected", "Calls the rate limit refused: too early, with their turn further"
                        + " than max-wait away, or interrupted while waiting.", rejected.sum()),
                LayerFigure.counter("waited", "Calls that waited for their turn before going through.",
                        waited.sum()),
                LayerFigure.counter("wait_seconds", "Time calls spent waiting for their turn, in total.",
                        waitNanos.sum() / 1e9),
                LayerFigure.gauge("waiting", "Calls waiting for their turn now.", waiting.sum()),
                LayerFigure.gauge("available_permits", "Calls that could go through at once now"
                        + " (burst + 1 when idle, 0 when limited).", availablePermits()),
                LayerFigure.gauge("rate", "The rate enforced, in calls per second.",
                        settings.enforcedRatePerSecond()));
    }

    @Override
    public Map<String, String> states() {
        return Map.of("limit", settings.describe());
    }
}
