package dev.perfagent.bootstrap;

/**
 * Returned by {@link Hooks#invoke} when the method body runs as usual: carries the timing token, and the
 * state the agent's layers keep for this call, to the exit. The shared {@link #NESTED} instance marks a
 * nested call of an active site (nothing to record).
 */
public final class Proceed {
    /** A nested call of a site already active on this thread: the exit only unwinds the guard. */
    static final Proceed NESTED = new Proceed(Hooks.NESTED, null);

    final long token;
    final Object state;

    Proceed(long token, Object state) {
        this.token = token;
        this.state = state;
    }
}
