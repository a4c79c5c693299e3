package dev.perfagent.agent.layer;

import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The layers of one site, outermost first, and the walk of one call through them (see {@link CallLayer}
 * for the contract). Immutable; a hot reload builds a new chain and swaps the site's reference, so a call
 * in flight finishes with the chain it started in.
 */
public final class LayerChain {
    /** A site with no layer acting on calls. */
    public static final LayerChain EMPTY = new LayerChain(List.of(), fault -> { }, Ticker.SYSTEM);

    /** Spare calls, one per thread that hashed to a cell first: enough for the threads of a busy service. */
    private static final int SPARES = 64;

    private final CallLayer[] layers;
    private final Consumer<Throwable> faults;
    private final Ticker ticker;
    /** The threads' reusable calls; null when a layer may keep a call past its exit. */
    private final AtomicReferenceArray<Spare> spares;
    /** Calls between enter and exit, so a chain a reload replaced is closed only once they are done. */
    private final StripedCounter inFlight = new StripedCounter();

    /**
     * @param layers at most one of each kind, in any order: they are sorted into {@link LayerKind} order
     * @param faults told about every exception a layer let escape (the agent counts and logs it)
     * @param ticker the site's clock, read when a layer ends a call (the outer layers' exit time)
     */
    public LayerChain(List<CallLayer> layers, Consumer<Throwable> faults, Ticker ticker) {
        List<CallLayer> sorted = new ArrayList<>(layers);
        sorted.sort(Comparator.comparing(CallLayer::kind));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).kind() == sorted.get(i - 1).kind()) {
                throw new IllegalArgumentException("two " + sorted.get(i).kind().key() + " layers on one site");
            }
        }
        this.layers = sorted.toArray(new CallLayer[0]);
        this.faults = faults;
        this.ticker = ticker;
        boolean confined = true;
        for (CallLayer layer : this.layers) {
            confined &= layer.confinesCalls();
        }
        this.spares = confined ? new AtomicReferenceArray<>(SPARES) : null;
    }

    /** A thread's reusable call. */
    private static final class Spare extends ThreadOwnedCell {
        final LayeredCall call;

        Spare(Thread owner, LayeredCall call) {
            super(owner);
            this.call = call;
        }
    }

    /** Whether any layer acts on calls (the site is then woven with the call advice). */
    public boolean isEmpty() {
        return layers.length == 0;
    }

    /** The layers, outermost first. */
    public List<CallLayer> layers() {
        return List.of(layers);
    }

    /** The layer of this kind, or null. */
    public CallLayer layer(LayerKind kind) {
        for (CallLayer layer : layers) {
            if (layer.kind() == kind) {
                return layer;
            }
        }
        return null;
    }

    /**
     * Takes a call in through the layers.
     *
     * @return an {@link Outcome} when a layer ended the call (the outer layers have already seen their
     *     exits); otherwise the {@link LayeredCall} to hand to {@link #exit} when the method body is done
     */
    public Object enter(Object self, Object[] args, long startNanos) {
        LayeredCall call = spares == null ? newCall(self, args, startNanos) : spareCall(self, args, startNanos);
        inFlight.increment();
        for (int i = 0; i < layers.length; i++) {
            call.at(i);
            Outcome outcome;
            try {
                outcome = layers[i].enter(call);
            } catch (Throwable fault) {
                faults.accept(fault);
                outcome = null;
            }
            if (outcome != null) {
                call.servedBy(layers[i].kind());
                if (i > 0) {
                    call.clockAt(ticker.read());
                }
                exitFrom(call, i - 1, outcome.value(), outcome.thrown());
                inFlight.decrement();
                releaseSpare(call);
                return outcome;
            }
        }
        return call;
    }

    /** The method body (or batch) is done: every layer sees the exit, innermost first. */
    void exit(LayeredCall call, Object returned, Throwable thrown) {
        exitFrom(call, layers.length - 1, returned, thrown);
        inFlight.decrement();
        releaseSpare(call);
    }

    /** Only a confined chain's calls are done with at their exit; others may still be read (a cache's waiters). */
    private void releaseSpare(LayeredCall call) {
        if (spares != null) {
            call.release();
        }
    }

    private LayeredCall newCall(Object self, Object[] args, long startNanos) {
        return new LayeredCall(this, self, args, startNanos, layers.length, true);
    }

    /** The calling thread's spare call when it has one free; else a new one (kept as its spare if it can be). */
    private LayeredCall spareCall(Object self, Object[] args, long startNanos) {
        Thread me = Thread.currentThread();
        long id = me.getId();
        int index = ThreadOwnedCell.index(id, SPARES - 1);
        // A plain read is enough: only this thread installs a spare with its id.
        Spare spare = spares.getPlain(index);
        if (spare != null && spare.ownedBy(id) && !spare.call.inUse()) {
            spare.call.reuse(self, args, startNanos);
            return spare.call;
        }
        LayeredCall call = newCall(self, args, startNanos);
        spare = spares.get(index);
        if ((spare == null || spare.ended()) && ThreadOwnedCell.mayOwn(me)
                && spares.compareAndSet(index, spare, new Spare(me, call))) {
            call.reuse(self, args, startNanos); // marks it taken; released at its exit
        }
        return call;
    }

    /** Whether this chain hands each thread one reusable call (every layer confines its calls). */
    boolean reusesCalls() {
        return spares != null;
    }

    /** The site's clock. */
    Ticker ticker() {
        return ticker;
    }

    /** Calls that entered this chain and have not left it yet. */
    public long inFlight() {
        return inFlight.sum();
    }

    private void exitFrom(LayeredCall call, int innermost, Object returned, Throwable thrown) {
        for (int i = innermost; i >= 0; i--) {
            call.at(i);
            try {
                layers[i].exit(call, returned, thrown);
            } catch (Throwable fault) {
                faults.accept(fault);
            }
        }
    }

    /** Closes every layer, innermost first; a failing close does not stop the others. */
    public void close() {
        for (int i = layers.length - 1; i >= 0; i--) {
            try {
                layers[i].close();
            } catch (Throwable fault) {
                faults.accept(fault);
            }
        }
    }
}
