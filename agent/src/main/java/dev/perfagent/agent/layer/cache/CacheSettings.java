package dev.perfagent.agent.layer.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The resolved policy of one cache layer (what the {@code cache:} section of a rule says, defaults applied).
 *
 * @param maxSize         the most entries kept; exactly one of {@code maxSize} and {@code maxWeight} is given
 * @param maxWeight       the most bytes kept, as {@link RetainedSizeEstimator estimated} for keys and values
 * @param ttl             an entry expires this long after it was stored (expire after write)
 * @param idle            an entry expires this long after it was last read or stored (expire after access)
 * @param refreshAfter    a hit on an entry older than this returns it and reloads it in the background; shorter
 *                        than {@code ttl} when both are given
 * @param cacheNulls      whether a null result is stored (otherwise the next call runs the method again)
 * @param cacheExceptions whether an exception the method throws is stored (for {@code ttl}, which it requires)
 *                        and rethrown, the same instance, to later callers with the same key
 * @param key             the argument positions (0-based, distinct) that form the key, in key order; empty:
 *                        all arguments
 * @param shared          false: the receiver is part of the key (by identity), so each instance has its own
 *                        entries; true: instances share entries (and static methods have no receiver anyway)
 */
public record CacheSettings(OptionalLong maxSize, OptionalLong maxWeight, Optional<Duration> ttl,
                            Optional<Duration> idle, Optional<Duration> refreshAfter, boolean cacheNulls,
                            boolean cacheExceptions, Optional<List<Integer>> key, boolean shared) {

    /** Checks the policy: the parser reports the same problems with their place in the file first. */
    public CacheSettings {
        Objects.requireNonNull(maxSize, "maxSize");
        Objects.requireNonNull(maxWeight, "maxWeight");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(refreshAfter, "refreshAfter");
        Objects.requireNonNull(key, "key");
        if (maxSize.isPresent() == maxWeight.isPresent()) {
            throw new IllegalArgumentException("exactly one of maxSize and maxWeight must be given");
        }
        if (maxSize.orElse(1) < 1 || maxWeight.orElse(1) < 1) {
            throw new IllegalArgumentException("maxSize and maxWeight must be at least 1");
        }
        for (Optional<Duration> duration : List.of(ttl, idle, refreshAfter)) {
            if (duration.filter(d -> d.isNegative() || d.isZero()).isPresent()) {
                throw new IllegalArgumentException("ttl, idle and refreshAfter must be positive");
            }
        }
        if (refreshAfter.isPresent() && ttl.isPresent() && refreshAfter.get().compareTo(ttl.get()) >= 0) {
            throw new IllegalArgumentException("refreshAfter must be shorter than ttl");
        }
        if (cacheExceptions && ttl.isEmpty()) {
            throw new IllegalArgumentException("cacheExceptions needs a ttl");
        }
        key = key.map(List::copyOf);
        Set<Integer> seen = new HashSet<>();
        for (int position : key.orElse(List.of())) {
            if (position < 0 || !seen.add(position)) {
                throw new IllegalArgumentException("key positions must be distinct and non-negative: " + key.get());
            }
        }
    }

    /** At most {@code entries} entries, nothing else set: no expiry, no refresh, all arguments, per receiver. */
    public static CacheSettings ofMaxSize(long entries) {
        return new CacheSettings(OptionalLong.of(entries), OptionalLong.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, false, Optional.empty(), false);
    }

    /** At most {@code bytes} estimated bytes, nothing else set. */
    public static CacheSettings ofMaxWeight(long bytes) {
        return new CacheSettings(OptionalLong.empty(), OptionalLong.of(bytes), Optional.empty(), Optional.empty(),
                Optional.empty(), false, false, Optional.empty(), false);
    }

    /** This policy with entries expiring {@code after} they were stored. */
    public CacheSettings withTtl(Duration after) {
        return new CacheSettings(maxSize, maxWeight, Optional.of(after), idle, refreshAfter, cacheNulls,
                cacheExceptions, key, shared);
    }

    /** This policy with entries expiring {@code after} their last use. */
    public CacheSettings withIdle(Duration after) {
        return new CacheSettings(maxSize, maxWeight, ttl, Optional.of(after), refreshAfter, cacheNulls,
                cacheExceptions, key, shared);
    }

    /** This policy with entries refreshed in the background when hit {@code after} they were stored. */
    public CacheSettings withRefreshAfter(Duration after) {
        return new CacheSettings(maxSize, maxWeight, ttl, idle, Optional.of(after), cacheNulls, cacheExceptions,
                key, shared);
    }

    /** This policy storing null results or not. */
    public CacheSettings withCacheNulls(boolean store) {
        return new CacheSettings(maxSize, maxWeight, ttl, idle, refreshAfter, store, cacheExceptions, key, shared);
    }

    /** This policy storing exceptions or not. */
    public CacheSettings withCacheExceptions(boolean store) {
        return new CacheSettings(maxSize, maxWeight, ttl, idle, refreshAfter, cacheNulls, store, key, shared);
    }

    /** This policy keyed by the arguments at {@code positions}. */
    public CacheSettings withKey(List<Integer> positions) {
        return new CacheSettings(maxSize, maxWeight, ttl, idle, refreshAfter, cacheNulls, cacheExceptions,
                Optional.of(positions), shared);
    }

    /** This policy with entries shared by all receivers or not. */
    public CacheSettings withShared(boolean sharedByReceivers) {
        return new CacheSettings(maxSize, maxWeight, ttl, idle, refreshAfter, cacheNulls, cacheExceptions, key,
                sharedByReceivers);
    }

    /** The policy in config notation, for {@code /status}: {@code max-size=10000 ttl=10m refresh-after=5m}. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        maxSize.ifPresent(n -> parts.add("max-size=" + n));
        maxWeight.ifPresent(n -> parts.add("max-weight=" + bytes(n)));
        ttl.ifPresent(d -> parts.add("ttl=" + duration(d)));
        idle.ifPresent(d -> parts.add("idle=" + duration(d)));
        refreshAfter.ifPresent(d -> parts.add("refresh-after=" + duration(d)));
        if (cacheNulls) {
            parts.add("cache-nulls=true");
        }
        if (cacheExceptions) {
            parts.add("cache-exceptions=true");
        }
        key.ifPresent(positions -> parts.add("key=" + positions.toString().replace(" ", "")));
        if (shared) {
            parts.add("shared=true");
        }
        return String.join(" ", parts);
    }

    private static String bytes(long n) {
        String[] units = {"GB", "MB", "KB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (n % sizes[i] == 0) {
                return n / sizes[i] + units[i];
            }
        }
        return n + "B";
    }

    private static String duration(Duration d) {
        long nanos = d.toNanos();
        String[] units = {"h", "m", "s", "ms", "us"};
        long[] sizes = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (nanos % sizes[i] == 0) {
                return nanos / sizes[i] + units[i];
            }
        }
        return nanos + "ns";
    }
}
