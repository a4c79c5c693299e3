package dev.perfagent.agent.layer.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * A cache key made of some arguments of a call, compared by content, and, unless the cache is shared, the
 * receiver, compared by identity.
 *
 * <p>Two forms that equal each other: a <em>lookup</em> key, built for every call, that points at the caller's
 * own argument array and receiver (nothing copied: it lives only while the caller's thread looks it up), and a
 * <em>stored</em> key ({@link #detach}) that owns copies of the array arguments and holds the receiver weakly,
 * so an entry neither changes when the caller reuses its arrays nor keeps the receiver alive. A stored key
 * whose receiver was collected equals only itself; {@link CacheKeyFactory} purges its entry.
 *
 * <p>Arguments that may be arrays ({@code deep} keys) compare through {@link DeepContent}; keys whose
 * parameters' declared types cannot hold an array skip its per-argument type checks, since they cost as much
 * as the hash itself.
 */
final class ArgumentsKey {
    /** The receiver, a {@link ReceiverRef} to it (stored keys), or null when the receiver is not in the key. */
    private final Object receiver;
    private final boolean weakReceiver;
    private final boolean deep;
    private final Object[] args;
    /** Which of {@code args} form the key, in key order; null: all of them. */
    private final int[] positions;
    private final int hash;

    private ArgumentsKey(Object receiver, boolean weakReceiver, boolean deep, Object[] args, int[] positions,
                         int hash) {
        this.receiver = receiver;
        this.weakReceiver = weakReceiver;
        this.deep = deep;
        this.args = args;
        this.positions = positions;
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
        int h = hasReceiver ? System.identityHashCode(receiver) : 0;
        int size = positions == null ? args.length : positions.length;
        for (int i = 0; i < size; i++) {
            Object part = args[positions == null ? i : positions[i]];
            h = 31 * h + (deep ? DeepContent.hash(part) : part == null ? 0 : part.hashCode());
        }
        return new ArgumentsKey(hasReceiver ? receiver : null, false, deep, args, positions, h);
    }

    /**
     * The stored form of this lookup key: array arguments copied, the receiver held weakly and, once
     * collected, reported to {@code collected}.
     */
    ArgumentsKey detach(boolean hasReceiver, ReferenceQueue<Object> collected) {
        Object[] parts = new Object[size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = deep ? DeepContent.copy(part(i)) : part(i);
        }
        return new ArgumentsKey(hasReceiver, receiver(), deep, parts, collected, hash);
    }

    private ArgumentsKey(boolean hasReceiver, Object receiverNow, boolean deep, Object[] parts,
                         ReferenceQueue<Object> collected, int hash) {
        // A null receiver (static method) has nothing to collect; it is kept as a plain null.
        this.weakReceiver = hasReceiver && receiverNow != null;
        this.receiver = weakReceiver ? new ReceiverRef(receiverNow, collected, this) : null;
        this.deep = deep;
        this.args = parts;
        this.positions = null;
        this.hash = hash;
    }

    int size() {
        return positions == null ? args.length : positions.length;
    }

    /** The key's {@code i}th argument. */
    Object part(int i) {
        return args[positions == null ? i : positions[i]];
    }

    /** The receiver in the key; null for none, a static method, or one already collected. */
    Object receiver() {
        return weakReceiver ? ((ReceiverRef) receiver).get() : receiver;
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
        return hash == other.hash && sameReceiver(other) && sameArguments(other);
    }

    private boolean sameReceiver(ArgumentsKey other) {
        if (!weakReceiver && !other.weakReceiver) {
            return receiver == other.receiver;
        }
        Object mine = receiver();
        return mine != null && mine == other.receiver(); // one collected: equal only to itself
    }

    private boolean sameArguments(ArgumentsKey other) {
        int size = size();
        if (size != other.size()) {
            return false;
        }
        if (positions == null && other.positions == null) {
            // The usual case, all arguments, and always between stored keys: a plain loop.
            Object[] mine = args;
            Object[] theirs = other.args;
            for (int i = 0; i < size; i++) {
                if (!samePart(mine[i], theirs[i])) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < size; i++) {
            if (!samePart(part(i), other.part(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean samePart(Object a, Object b) {
        if (a == b) {
            return true;
        }
        return deep ? DeepContent.equal(a, b) : a != null && a.equals(b);
    }

    @Override
    public String toString() {
        Object[] parts = new Object[size()];
        for (int i = 0; i < parts.length; i++) {
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
