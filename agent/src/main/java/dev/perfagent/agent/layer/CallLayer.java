package dev.perfagent.agent.layer;

import dev.perfagent.bootstrap.Outcome;

/**
 * One layer acting on the calls of a site (see {@link LayerKind} for the order they stack in). A call
 * passes each layer's {@link #enter} from the outside in; a layer either lets it go on (null) or ends it
 * with an {@link Outcome} (a cache hit, a refusal, a batch result). Every layer that let the call go on
 * then sees its {@link #exit}, from the inside out, exactly once, whatever happened further in: that is
 * where a breaker records the outcome and a limiter returns its permit, so permits cannot leak. The layer
 * that ended the call gets no exit; {@link LayeredCall#servedBy()} tells the outer ones who answered.
 *
 * <p>Both methods run on application threads, concurrently, and must not throw: the chain catches what
 * escapes, counts it as an agent fault and treats the layer as if it had let the call go on.
 */
public interface CallLayer {

    /** Which kind of layer this is; a site has at most one layer of each kind. */
    LayerKind kind();

    /**
     * The call reaches this layer on its way in.
     *
     * @return null to let it go on inward; otherwise the outcome that ends the call here
     */
    Outcome enter(LayeredCall call);

    /**
     * The call came back out: {@code returned} or {@code thrown} is what the caller gets. Only called on
     * layers whose {@link #enter} returned null.
     */
    default void exit(LayeredCall call, Object returned, Throwable thrown) {
    }

    /**
     * Whether the layer is done with a call at its exit: it keeps no reference to the {@link LayeredCall}
     * (nor hands it to another thread) past that point. A chain of such layers reuses one call object per
     * thread; a layer that shares calls between threads (a cache's waiters, a batch) must say false.
     */
    default boolean confinesCalls() {
        return false;
    }

    /** Stops the layer (detach or reload): release threads and waiters; calls in flight must complete. */
    default void close() {
    }
}
