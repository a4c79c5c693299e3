package dev.perfagent.bootstrap;

/**
 * Returned by {@link Hooks#invoke} when the method body runs as usual: carries the timing token, and the
 * state the agent's layers keep for this call, to the exit. The agent's own per-call object may extend
 * this class (one allocation per call instead of two); the shared {@link #NESTED} instance marks a nested
 * call of an active site (nothing to record).
 */
public class Proceed {
    /** A nested call of a site already active on this thread: the exit only unwinds the guard. */
    static final Proceed NESTED = new Proceed(Hooks.NESTED, null);

    /** Not final: the agent may reuse its per-call object for a later call of the same thread ({@link #token(long)}). */
    long token;
    final Object state;

    Proceed(long token, Object state) {
        this.token = token;
        this.state = state;
    }

    /**
     * For the agent's per-call state: {@code token} must be the one {@link Dispatcher#call} was given; the
     * exit hands this object back to {@link Dispatcher#exitCall} as the state.
     */
    protected Proceed(long token) {
        this.token = token;
        this.state = null;
    }

    /**
     * For an agent object reused for a new call on the thread that made the last one, once that call has
     * exited: the new call's token.
     */
    protected final void token(long next) {
        this.token = next;
    }
}
