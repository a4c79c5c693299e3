package dev.perfagent.agent.layer.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * A cache key made of some arguments of a call, compared by content, and, unless the cache is shared, the
 * receiver, compared by identity.
 *
 * <p>Two forms that equal each other: a <em>lookup</em> key, built for every call, that points at the caller's
 * own arguments and receiver (nothing copied: it lives only while the caller's thread looks it up), and a
 * <em>stored</em> key ({@link #detach}) that owns copies of the array arguments and holds the receiver weakly,
 * so an entry neither changes when the caller reuses its arrays nor keeps the receiver alive. A stored key
 * whose receiver was collected equals only itself; {@link CacheKeyFactory} purges its entry.
 *
 * <p>The first two arguments sit in fields of the key itself (most keys have one or two), so that comparing
 * two keys, which the cache's hash table does on every hit, reads no other object; further arguments are
 * read from the caller's array (lookup) or the key's own (stored). One final class, so that comparing is
 * direct code, not calls through a class hierarchy.
 *
 * <p>Arguments that may be arrays ({@code deep} keys) compare through {@link DeepContent}; keys whose
 * parameters' declared types cannot hold an array skip its per-argument type checks, since they cost as much
 * as the hash itself.
 */
final class ArgumentsKey {
    /** The receiver; a {@link ReceiverRef} to it when {@link #weakReceiver}; null when not in the key. */
    private final Object receiver;
    private final boolean weakReceiver;
    private final boolean deep;
    private final int size;
    private final Object first;
    private final Object second;
    /** Where arguments from the third on are: the caller's arguments (lookup) or the key's own (stored). */
    private final Object[] more;
    /** Lookup keys on chosen positions: where in {@link #more} each argument is; otherwise null. */
    private final int[] positions;
    /** Without positions: the index in {@link #more} of the key's argument 0 (0 for lookup, -2 for stored). */
    private final int offset;
    private final int hash;

    private ArgumentsKey(Object receiver, boolean weakReceiver, boolean deep, int size, Object first, Object second,
                         Object[] more, int[] positions, int offset, int hash) {
        this.receiver = receiver;
        this.weakReceiver = weakReceiver;
        this.deep = deep;
        this.size = size;
        this.first = first;
        this.second = second;
        this.more = more;
        this.positions = positions;
        this.offset = offset;
        this.hash = hash;
    }

    /**
     * A lookup key over the caller's arguments.
     *
     * @param receiver    the receiver when it is part of the key, else null
     * @param hasReceiver whether the receiver is part of the key (a static method's null receiver included)
     * @param deep        whether an argument may be an array (compared by content)
     * @param positions   the key's argument positions, or null for all arguments
     */
    static ArgumentsKey lookup(Object receiver, boolean hasReceiver, boolean deep, Object[] args, int[] positions) {
        int h = hashOf(receiver, hasReceiver, deep, args, positions);
        int size = positions == null ? args.length : positions.length;
        Object first = size > 0 ? args[positions == null ? 0 : positions[0]] : null;
        Object second = size > 1 ? args[positions == null ? 1 : positions[1]] : null;
        return new ArgumentsKey(hasReceiver ? receiver : null, false, deep, size, first, second, args, positions, 0,
                h);
    }

    /** The hash code of the lookup key these arguments make, without making it. */
    static int hashOf(Object receiver, boolean hasReceiver, boolean deep, Object[] args, int[] positions) {
        int h = hasReceiver ? System.identityHashCode(receiver) : 0;
        int size = positions == null ? args.length : positions.length;
        for (int i = 0; i < size; i++) {
            Object part = args[positions == null ? i : positions[i]];
            h = 31 * h + (deep ? DeepContent.hash(part) : part == null ? 0 : part.hashCode());
        }
        return h;
    }

    /**
     * Whether this key equals the lookup key these arguments make (as {@link #lookup} takes them), without
     * making it: what a hit in the front table compares, allocating nothing.
     */
    boolean matches(Object receiver, boolean hasReceiver, Object[] args, int[] positions) {
        int count = positions == null ? args.length : positions.length;
        if (count != size) {
            return false;
        }
        Object mine = receiver();
        if (hasReceiver ? mine == null || mine != receiver : this.receiver != null) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!samePart(args[positions == null ? i : positions[i]], part(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The stored form of this key: array arguments copied, the receiver held weakly and, once collected,
     * reported to {@code collected}.
     */
    ArgumentsKey detach(boolean hasReceiver, ReferenceQueue<Object> collected) {
        Object[] rest = size > 2 ? new Object[size - 2] : null;
        for (int i = 2; i < size; i++) {
            rest[i - 2] = copy(part(i));
        }
        return new ArgumentsKey(hasReceiver ? receiver() : null, collected, deep, size, copy(first), copy(second),
                rest, hash);
    }

    /** A stored key; the receiver reference, which hands this key out, is made last. */
    private ArgumentsKey(Object receiverNow, ReferenceQueue<Object> collected, boolean deep, int size, Object first,
                         Object second, Object[] rest, int hash) {
        this.weakReceiver = receiverNow != null;
        this.deep = deep;
        this.size = size;
        this.first = first;
        this.second = second;
        this.more = rest;
        this.positions = null;
        this.offset = -2;
        this.hash = hash;
        this.receiver = weakReceiver ? new ReceiverRef(receiverNow, collected, this) : null;
    }

    private Object copy(Object part) {
        return deep ? DeepContent.copy(part) : part;
    }

    /** Whether arguments are compared by content, arrays included. */
    boolean deep() {
        return deep;
    }

    /** How many arguments form the key. */
    int size() {
        return size;
    }

    /** The key's {@code i}th argument. */
    Object part(int i) {
        if (i == 0) {
            return first;
        }
        if (i == 1) {
            return second;
        }
        return more[positions == null ? i + offset : positions[i]];
    }

    /** The receiver in the key; null for none, a static method, or one already collected. */
    Object receiver() {
        return weakReceiver ? ((ReceiverRef) receiver).get() : receiver;
    }

    /** Whether the receiver is held weakly (a stored key of a cache keyed by receiver). */
    boolean weakReceiver() {
        return weakReceiver;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ArgumentsKey)) {
            return false;
        }
        ArgumentsKey other = (ArgumentsKey) o;
        if (hash != other.hash || size != other.size || !sameReceiver(other)) {
            return false;
        }
        if (!samePart(first, other.first) || !samePart(second, other.second)) {
            return false;
        }
        for (int i = 2; i < size; i++) {
            if (!samePart(part(i), other.part(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean sameReceiver(ArgumentsKey other) {
        if (!weakReceiver && !other.weakReceiver) {
            return receiver == other.receiver;
        }
        Object mine = receiver();
        return mine != null && mine == other.receiver(); // one collected: equal only to itself
    }

    private boolean samePart(Object a, Object b) {
        if (a == b) {
            return true;
        }
        return deep ? DeepContent.equal(a, b) : a != null && a.equals(b);
    }

    @Override
    public String toString() {
        Object[] parts = new Object[size];
        for (int i = 0; i < size; i++) {
            parts[i] = part(i);
        }
        return Arrays.deepToString(parts);
    }

    /** The weak link from a stored key to its receiver; enqueued with its key once the receiver is collected. */
    static final class ReceiverRef extends WeakReference<Object> {
        private final ArgumentsKey key;

        ReceiverRef(Object receiver, ReferenceQueue<Object> queue, ArgumentsKey key) {
            super(receiver, queue);
            this.key = key;
        }

        /** The stored key whose receiver this was. */
        ArgumentsKey key() {
            return key;
        }
    }
}
