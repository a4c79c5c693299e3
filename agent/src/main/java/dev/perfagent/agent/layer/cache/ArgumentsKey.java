package dev.perfagent.agent.layer.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * A cache key made of some arguments of a call (compared by content, see {@link DeepContent}) and, unless the
 * cache is shared, the receiver (compared by identity).
 *
 * <p>Two forms that equal each other: a <em>lookup</em> key, built for every call, that points at the caller's
 * own argument array and receiver (nothing copied: it lives only while the caller's thread looks it up), and a
 * <em>stored</em> key ({@link #detach}) that owns copies of the array arguments and holds the receiver weakly,
 * so an entry neither changes when the caller reuses its arrays nor keeps the receiver alive. A stored key
 * whose receiver was collected equals only itself; {@link CacheKeyFactory} purges its entry.
 */
final class ArgumentsKey {
    /** The receiver, a {@link ReceiverRef} to it (stored keys), or null when the receiver is not in the key. */
    private final Object receiver;
    private final boolean weakReceiver;
    private final Object[] args;
    /** Which of {@code args} form the key, in key order; null: all of them. */
    private final int[] positions;
    private final int hash;

    private ArgumentsKey(Object receiver, boolean weakReceiver, Object[] args, int[] positions, int hash) {
        this.receiver = receiver;
        this.weakReceiver = weakReceiver;
        this.args = args;
        this.positions = positions;
        this.hash = hash;
    }

    /**
     * A lookup key over the caller's arguments.
     *
     * @param receiver  the receiver when it is part of the key, else null
     * @param hasReceiver whether the receiver is part of the key (a static method's null receiver included)
     * @param positions the key's argument positions, or null for all arguments
     */
    static ArgumentsKey lookup(Object receiver, boolean hasReceiver, Object[] args, int[] positions) {
        int h = hasReceiver ? System.identityHashCode(receiver) : 0;
        int size = positions == null ? args.length : positions.length;
        for (int i = 0; i < size; i++) {
            h = 31 * h + DeepContent.hash(args[positions == null ? i : positions[i]]);
        }
        return new ArgumentsKey(hasReceiver ? receiver : null, false, args, positions, h);
    }

    /**
     * The stored form of this lookup key: array arguments copied, the receiver held weakly and, once
     * collected, reported to {@code collected}.
     */
    ArgumentsKey detach(boolean hasReceiver, ReferenceQueue<Object> collected) {
        Object[] parts = new Object[size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = DeepContent.copy(part(i));
        }
        return new ArgumentsKey(hasReceiver, receiver(), parts, collected, hash);
    }

    private ArgumentsKey(boolean hasReceiver, Object receiverNow, Object[] parts, ReferenceQueue<Object> collected,
                         int hash) {
        // A null receiver (static method) has nothing to collect; it is kept as a plain null.
        this.weakReceiver = hasReceiver && receiverNow != null;
        this.receiver = weakReceiver ? new ReceiverRef(receiverNow, collected, this) : null;
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
        int size = size();
        if (hash != other.hash || size != other.size()) {
            return false;
        }
        Object mine = receiver();
        if (mine != other.receiver() || (mine == null && (weakReceiver || other.weakReceiver))) {
            return false; // different receivers, or one was collected: equal only to itself
        }
        for (int i = 0; i < size; i++) {
            if (!DeepContent.equal(part(i), other.part(i))) {
                return false;
            }
        }
        return true;
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
