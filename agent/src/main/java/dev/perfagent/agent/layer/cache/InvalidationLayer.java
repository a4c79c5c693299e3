package dev.perfagent.agent.layer.cache;

import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.bootstrap.Outcome;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Stacked on a method named by a cache rule's {@code invalidate-on} (one that changes what the cached method
 * returns, such as {@code update(..)} beside {@code find(..)}): when a call of it returns normally, it clears
 * the cache layers it is given. A call that throws clears nothing (the change presumably did not happen).
 *
 * <p>Clearing after the change, not before, is what keeps stale values out: a load that began before the
 * invalidation stores nothing ({@link CacheLayer#invalidateAll}), and one that begins after it sees the new
 * data. The caches come from a supplier, read on every invalidating call, so that a hot reload that rebuilds
 * the cached sites' chains is followed without rebuilding this layer.
 */
public final class InvalidationLayer implements CallLayer {
    private final Supplier<? extends Collection<CacheLayer>> caches;

    /** @param caches the cache layers to clear, read on every call that returns normally */
    public InvalidationLayer(Supplier<? extends Collection<CacheLayer>> caches) {
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public LayerKind kind() {
        return LayerKind.INVALIDATION;
    }

    @Override
    public Outcome enter(LayeredCall call) {
        return null;
    }

    @Override
    public void exit(LayeredCall call, Object returned, Throwable thrown) {
        if (thrown != null || !call.servedBy().reachedMethod()) {
            return;
        }
        for (CacheLayer cache : caches.get()) {
            cache.invalidateAll();
        }
    }
}
