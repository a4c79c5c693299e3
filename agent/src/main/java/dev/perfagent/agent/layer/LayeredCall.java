package dev.perfagent.agent.layer;

/**
 * One call travelling through a site's layers: the receiver, the arguments, when it began, who answered
 * it, and a slot per layer for what that layer must remember between its enter and its exit (a permit,
 * a cache key). Confined to the calling thread from enter to exit; never shared.
 */
public final class LayeredCall {
    private final LayerChain chain;
    private final Object self;
    private final Object[] args;
    private final long startNanos;
    private final Object[] states;
    private final long[] marks;
    private int position;
    private LayerKind servedBy = LayerKind.METHOD;

    LayeredCall(LayerChain chain, Object self, Object[] args, long startNanos, int layers) {
        this.chain = chain;
        this.self = self;
        this.args = args;
        this.startNanos = startNanos;
        this.states = new Object[layers];
        this.marks = new long[layers];
    }

    /** A call outside any chain, for tests and benchmarks of one layer. */
    public static LayeredCall of(Object self, Object[] args, long startNanos) {
        return new LayeredCall(LayerChain.EMPTY, self, args, startNanos, 1);
    }

    /**
     * The method body is done: the layers of the chain this call entered (not a newer one a reload put in
     * place meanwhile) see the exit, innermost first.
     */
    public void exit(Object returned, Throwable thrown) {
        chain.exit(this, returned, thrown);
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
        return states[position];
    }

    /** Sets the current layer's object slot. */
    public void state(Object value) {
        states[position] = value;
    }

    /** The current layer's number slot (0 until it sets one). */
    public long mark() {
        return marks[position];
    }

    /** Sets the current layer's number slot. */
    public void mark(long value) {
        marks[position] = value;
    }

    void at(int layer) {
        position = layer;
    }

    void servedBy(LayerKind kind) {
        servedBy = kind;
    }
}
