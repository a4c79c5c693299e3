package dev.perfagent.agent.layer.cache;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the keys of one cache layer from a call's receiver and arguments, as its policy says: the arguments
 * at the key positions (all by default) compared by content, and the receiver by identity unless the cache is
 * shared or the method static.
 *
 * <p>Fast path: when the key is one argument and no receiver, that argument is the key itself (nothing is
 * allocated), unless it is an array, which is compared by content through an {@link ArgumentsKey}. Arguments
 * whose declared types cannot hold an array ({@code String}, {@code long}, a record) skip the array checks.
 *
 * <p>Keys are built twice on a miss: {@link #lookupKey} for every call (pointing at the caller's arguments),
 * {@link #storedKey} once the call misses (copying arrays and holding the receiver weakly). Stored keys whose
 * receiver was collected come back from {@link #drainCollected}, for their entries to be dropped.
 */
final class CacheKeyFactory {
    /** The key of a call whose lone key argument is null: a cache cannot hold a null key. */
    static final Object NULL_ARGUMENT = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The one key of a shared cache on a method keyed by no argument. */
    private static final Object NO_ARGUMENTS = new Object() {
        @Override
        public String toString() {
            return "()";
        }
    };

    private final int[] positions;
    private final boolean receiverInKey;
    /** Whether a key argument may be an array at run time (its declared type allows one, or is unknown). */
    private final boolean deep;
    /** The position of the lone key argument used as the key itself, or -1. */
    private final int direct;
    private final int[] directPositions;
    /**
     * Whether the key is two arguments compared by {@code equals}, without receiver (the commonest key after a
     * lone argument): hashed and matched in straight-line code, at positions {@link #pairFirst} and {@link
     * #pairSecond}.
     */
    private final boolean pair;
    private final int pairFirst;
    private final int pairSecond;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /**
     * @param positions      the key's argument positions, or null for all arguments
     * @param receiverInKey  whether the receiver is part of the key
     * @param parameterTypes the method's parameter types, source names ({@code int}, {@code float[]}); empty
     *                       when not known, and every argument may then be an array
     */
    CacheKeyFactory(List<Integer> positions, boolean receiverInKey, List<String> parameterTypes) {
        this.positions = positions == null ? null : positions.stream().mapToInt(Integer::intValue).toArray();
        this.receiverInKey = receiverInKey;
        int arity = parameterTypes.size();
        this.deep = arity == 0 || (positions == null ? parameterTypes.stream()
                : positions.stream().filter(p -> p < arity).map(parameterTypes::get))
                .anyMatch(CacheKeyFactory::mayHoldArray);
        int size = positions == null ? arity : positions.size();
        this.direct = receiverInKey || size != 1 ? -1 : (positions == null ? 0 : positions.get(0));
        this.directPositions = new int[] {Math.max(direct, 0)};
        this.pair = !receiverInKey && !deep && size == 2;
        this.pairFirst = !pair ? -1 : positions == null ? 0 : positions.get(0);
        this.pairSecond = !pair ? -1 : positions == null ? 1 : positions.get(1);
    }

    /** The key to look a call up by; valid only while the caller's thread is in the call. */
    Object lookupKey(Object self, Object[] args) {
        if (direct >= 0) {
            Object argument = args[direct];
            if (argument == null) {
                return NULL_ARGUMENT;
            }
            if (!deep || !argument.getClass().isArray()) {
                return argument;
            }
            return ArgumentsKey.lookup(null, false, true, args, directPositions);
        }
        if (!receiverInKey && (positions == null ? args.length : positions.length) == 0) {
            return NO_ARGUMENTS;
        }
        return ArgumentsKey.lookup(self, receiverInKey, deep, args, positions);
    }

    /** The hash code of {@code lookupKey(self, args)}, without making the key. */
    int lookupHash(Object self, Object[] args) {
        if (pair) {
            Object first = args[pairFirst];
            Object second = args[pairSecond];
            // As ArgumentsKey hashes them: 31 * (31 * 0 + hash(first)) + hash(second).
            return 31 * (first == null ? 0 : first.hashCode()) + (second == null ? 0 : second.hashCode());
        }
        if (direct >= 0) {
            Object argument = args[direct];
            if (argument == null) {
                return NULL_ARGUMENT.hashCode();
            }
            if (!deep || !argument.getClass().isArray()) {
                return argument.hashCode();
            }
            return ArgumentsKey.hashOf(null, false, true, args, directPositions);
        }
        if (!receiverInKey && (positions == null ? args.length : positions.length) == 0) {
            return NO_ARGUMENTS.hashCode();
        }
        return ArgumentsKey.hashOf(self, receiverInKey, deep, args, positions);
    }

    /**
     * Whether a front-table entry's key equals {@code lookupKey(self, args)}, without making the lookup key and,
     * for a key of two plain arguments, without reading the stored key object.
     */
    boolean matches(FrontEntry entry, Object self, Object[] args) {
        if (pair) {
            return entry.pair() && same(args[pairFirst], entry.first()) && same(args[pairSecond], entry.second());
        }
        return matches(entry.key(), self, args);
    }

    private static boolean same(Object argument, Object stored) {
        return argument == stored || argument != null && argument.equals(stored);
    }

    /** Whether a stored key equals {@code lookupKey(self, args)}, without making the lookup key. */
    boolean matches(Object storedKey, Object self, Object[] args) {
        if (direct >= 0) {
            Object argument = args[direct];
            if (argument == null) {
                return storedKey == NULL_ARGUMENT;
            }
            if (!deep || !argument.getClass().isArray()) {
                return storedKey == argument || argument.equals(storedKey);
            }
            return storedKey instanceof ArgumentsKey
                    && ((ArgumentsKey) storedKey).matches(null, false, args, directPositions);
        }
        if (!receiverInKey && (positions == null ? args.length : positions.length) == 0) {
            return storedKey == NO_ARGUMENTS;
        }
        return storedKey instanceof ArgumentsKey
                && ((ArgumentsKey) storedKey).matches(self, receiverInKey, args, positions);
    }

    /** Whether a parameter of this declared type can be passed an array. */
    static boolean mayHoldArray(String type) {
        return type.endsWith("[]") || type.equals("java.lang.Object") || type.equals("java.lang.Cloneable")
                || type.equals("java.io.Serializable");
    }

    /** The key to store under, equal to {@code lookupKey} and independent of the caller's arrays. */
    Object storedKey(Object lookupKey) {
        return lookupKey instanceof ArgumentsKey ? ((ArgumentsKey) lookupKey).detach(receiverInKey, collected)
                : lookupKey;
    }

    /** Hands each stored key whose receiver has been collected since the last call to {@code dropped}. */
    void drainCollected(Consumer<Object> dropped) {
        Reference<?> ref;
        while ((ref = collected.poll()) != null) {
            dropped.accept(((ArgumentsKey.ReceiverRef) ref).key());
        }
    }
}
