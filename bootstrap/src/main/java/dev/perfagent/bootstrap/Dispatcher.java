package dev.perfagent.bootstrap;

/**
 * What woven code reaches through {@link Hooks}: the agent implements it in its own class loader and
 * installs it with {@link Hooks#install(Dispatcher)}.
 *
 * <p>Contract: implementations are called on application threads, concurrently, and must never throw
 * (Hooks catches anything that escapes and counts it, but an implementation should handle its own
 * faults). {@link #enter} returns a token that {@link Hooks} hands back to {@link #exit}; tokens
 * {@code 0} and {@code 1} are reserved by Hooks, so an implementation returns any other value.
 */
public interface Dispatcher {

    /** A dispatcher that does nothing; installed before the agent starts and after it detaches. */
    Dispatcher NONE = new Dispatcher() {
        @Override
        public long enter(int site) {
            return Hooks.UNTRACKED;
        }

        @Override
        public void exit(int site, long token, Throwable thrown) {
        }

        @Override
        public void fault(int site, Throwable fault) {
        }
    };

    /**
     * Called when an outermost woven call of {@code site} begins on this thread.
     *
     * @return a token for {@link #exit}, never 1; 0 means "don't track this call"
     */
    long enter(int site);

    /** Called when that call ends, normally ({@code thrown == null}) or by an exception. */
    void exit(int site, long token, Throwable thrown);

    /** Told about a fault that escaped {@link #enter} or {@link #exit}; must not throw. */
    void fault(int site, Throwable fault);

    /**
     * Called, after {@link #enter}, for sites whose layers act on the call itself (batch, cache, breaker,
     * limits): {@code token} is what {@link #enter} returned for this call (the agent's clock reading at
     * entry, which the layers reuse), {@code self} the receiver (null for a static method) and {@code args}
     * the arguments, boxed. May block (a batched call waits for its batch, a limited one for a permit). Must not throw: an
     * exception meant for the caller is returned as {@link Outcome#throwing}.
     *
     * @return null to run the method body as usual; an {@link Outcome} that replaces the body; or any other
     *     object, which is state the layers keep for this call: the body runs and {@link #exitCall} gets it (a
     *     {@link Proceed} subclass made with {@code token} saves the wrapper Hooks would otherwise allocate)
     */
    default Object call(int site, long token, Object self, Object[] args) {
        return null;
    }

    /**
     * Called instead of {@link #exit} when a call that went through {@link #call} ends.
     *
     * @param state    what {@link #call} returned when it was not an outcome, else null
     * @param returned the value the call returns (boxed; null for void or when it throws)
     * @param thrown   what the call throws, or null
     */
    default void exitCall(int site, long token, Object state, Object returned, Throwable thrown) {
        exit(site, token, thrown);
    }
}
