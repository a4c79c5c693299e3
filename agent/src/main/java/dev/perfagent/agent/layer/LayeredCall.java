package dev.perfagent.agent.layer;

import dev.perfagent.bootstrap.Proceed;

/**
 * One call travelling through a site's layers: the receiver, the arguments, when it began, who answered
 * it, and a slot per layer for what that layer must remember between its enter and its exit (a permit,
 * a cache key). Confined to the calling thread from enter to exit; never shared.
 *
 * <p>It is also what the woven method carries from its entry to its exit ({@link Proceed}), and its
 * slots are plain fields, one pair per position (a chain holds at most one layer of each
 * {@link LayerKind}): a call through the chain allocates this one object, and a chain whose layers keep no
 * call past its exit ({@link CallLayer#confinesCalls()}) gives each thread one to reuse
 * ({@link #reuse}, {@link #release}): no allocation at all.
 */
public final class LayeredCall extends Proceed {
    private final LayerChain chain;
    private Object self;
    private Object[] args;
    private long startNanos;
    /** Whether the chain supplies the clock readings (entry, after a wait, exit) the layers share. */
    private final boolean sharedClock;
    private long clockNanos;
    private Object state0;
    private Object state1;
    private Object state2;
    private Object state3;
    private Object state4;
    private Object state5;
    private long mark0;
    private long mark1;
    private long mark2;
    private long mark3;
    private long mark4;
    private long mark5;
    private int position;
    private LayerKind servedBy = LayerKind.METHOD;
    /** Between {@link #reuse} and {@link #release}: the thread's spare is taken. */
    private boolean inUse;

    LayeredCall(LayerChain chain, Object self, Object[] args, long startNanos, int layers, boolean sharedClock) {
        super(startNanos); // the timing token: Hooks hands this object back at the exit
        this.chain = chain;
        this.self = self;
        this.args = args;
        this.startNanos = startNanos;
        this.sharedClock = sharedClock;
        this.clockNanos = startNanos;
        if (layers > MAX_LAYERS) {
            throw new IllegalArgumentException(layers + " layers; a call has slots for " + MAX_LAYERS);
        }
    }

    /**
     * Makes this finished call a new one of the same thread: every slot and figure back to what a fresh
     * call has.
     */
    void reuse(Object self, Object[] args, long startNanos) {
        token(startNanos);
        this.self = self;
        this.args = args;
        this.startNanos = startNanos;
        this.clockNanos = startNanos;
        state0 = state1 = state2 = state3 = state4 = state5 = null;
        mark0 = mark1 = mark2 = mark3 = mark4 = mark5 = 0;
        position = 0;
        servedBy = LayerKind.METHOD;
        inUse = true;
    }

    /** The call has left the chain: free for the thread's next call, holding none of this one's objects. */
    void release() {
        self = null;
        args = null;
        state0 = state1 = state2 = state3 = state4 = state5 = null;
        inUse = false;
    }

    /** Whether a call is travelling in this object now. */
    boolean inUse() {
        return inUse;
    }

    /** The most layers a chain can hold: one of each kind that acts on calls. */
    static final int MAX_LAYERS = 6;

    /**
     * A call outside any chain, for tests and benchmarks of one layer: {@link #now} reads the layer's own
     * ticker every time.
     */
    public static LayeredCall of(Object self, Object[] args, long startNanos) {
        return new LayeredCall(LayerChain.EMPTY, self, args, startNanos, 1, false);
    }

    /**
     * A call outside any chain whose clock readings the caller supplies, as the chain does: {@link #now}
     * gives {@code startNanos} until {@link #clockAt} moves it. For benchmarks of the woven path's cost.
     */
    public static LayeredCall withSharedClock(Object self, Object[] args, long startNanos) {
        return new LayeredCall(LayerChain.EMPTY, self, args, startNanos, 1, true);
    }

    /**
     * The method body is done at {@code endNanos}: the layers of the chain this call entered (not a newer
     * one a reload put in place meanwhile) see the exit, innermost first.
     */
    public void exit(Object returned, Throwable thrown, long endNanos) {
        clockNanos = endNanos;
        chain.exit(this, returned, thrown);
    }

    /** The body is done now, on the chain's clock (for tests and the replay simulator). */
    public void exit(Object returned, Throwable thrown) {
        exit(returned, thrown, chain.ticker().read());
    }

    /**
     * The time now for a layer of this call. In a chain, the readings the agent takes anyway serve every
     * layer: the entry's on the way in (or a later one a waiting layer set with {@link #clockAt}), the
     * exit's on the way out; so a call through four layers reads the clock twice, not ten times. Outside a
     * chain it reads {@code ticker}.
     */
    public long now(dev.perfagent.agent.time.Ticker ticker) {
        return sharedClock ? clockNanos : ticker.read();
    }

    /** A layer that waited (a limit) tells the layers inside it that time moved on to {@code nanos}. */
    public void clockAt(long nanos) {
        clockNanos = nanos;
    }

    /** The receiver, or null for a static method. */
    public Object self() {
        return self;
    }

    /** The arguments, boxed; layers must not change them. */
    public Object[] args() {
        return args;
    }

    /** When the call entered the outermost layer, on the site's {@code Ticker}. */
    public long startNanos() {
        return startNanos;
    }

    /** Who answered: {@link LayerKind#METHOD} unless a layer ended the call with its own outcome. */
    public LayerKind servedBy() {
        return servedBy;
    }

    /** The current layer's object slot (null until it sets one). */
    public Object state() {
        switch (position) {
            case 0: return state0;
            case 1: return state1;
            case 2: return state2;
            case 3: return state3;
            case 4: return state4;
            default: return state5;
        }
    }

    /** Sets the current layer's object slot. */
    public void state(Object value) {
        switch (position) {
            case 0: state0 = value; break;
            case 1: state1 = value; break;
            case 2: state2 = value; break;
            case 3: state3 = value; break;
            case 4: state4 = value; break;
            default: state5 = value; break;
        }
    }

    /** The current layer's number slot (0 until it sets one). */
    public long mark() {
        switch (position) {
            case 0: return mark0;
            case 1: return mark1;
            case 2: return mark2;
            case 3: return mark3;
            case 4: return mark4;
            default: return mark5;
        }
    }

    /** Sets the current layer's number slot. */
    public void mark(long value) {
        switch (position) {
            case 0: mark0 = value; break;
            case 1: mark1 = value; break;
            case 2: mark2 = value; break;
            case 3: mark3 = value; break;
            case 4: mark4 = value; break;
            default: mark5 = value; break;
        }
    }

    void at(int layer) {
        position = layer;
    }

    void servedBy(LayerKind kind) {
        servedBy = kind;
    }
}
