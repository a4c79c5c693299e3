package dev.perfagent.agent.layer.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.Buffer;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * An <em>estimate</em> of the heap bytes an object retains, for {@code max-weight}: cheap enough to run on every
 * store, close enough to bound a cache's memory, never exact. It assumes a 64-bit JVM with compressed
 * references and class pointers (12-byte headers, 16 for arrays, 4-byte references, 8-byte alignment) and
 * compact strings, and counts:
 *
 * <ul>
 *   <li>arrays: header and elements; the elements of object arrays as estimated, sampling {@value #SAMPLE} of
 *       them evenly and scaling up for longer arrays;</li>
 *   <li>strings: the object and its byte array (one byte a character when all are Latin-1, else two);</li>
 *   <li>boxed primitives, {@code BigInteger}, {@code BigDecimal}, {@code Optional}, other char sequences, heap
 *       buffers (their capacity);</li>
 *   <li>collections and maps by their size: a per-element overhead (an array slot for random-access lists,
 *       a node for linked lists, a hash node for the others) plus the elements (keys and values) as estimated,
 *       sampled like object arrays;</li>
 *   <li>enum constants and classes as 0 (shared, not retained by one entry); a throwable as {@value #THROWABLE}
 *       bytes (its stack trace is not walked: that would copy it); any other object as
 *       {@value #OTHER_OBJECT} bytes, without following its fields (a shallow guess: size such caches with
 *       {@code max-size}).</li>
 * </ul>
 *
 * <p>Nesting is followed {@value #MAX_DEPTH} levels deep; deeper objects count as {@value #OTHER_OBJECT}
 * bytes. It allocates nothing except iterators of non-random-access collections, takes no lock, and never
 * throws: a collection changed under it (a concurrent modification) counts as {@value #OTHER_OBJECT} bytes.
 */
final class RetainedSizeEstimator {
    static final long OTHER_OBJECT = 64;
    static final long THROWABLE = 1024;
    static final int SAMPLE = 16;
    static final int MAX_DEPTH = 4;

    private static final long HEADER = 12;
    private static final long ARRAY_HEADER = 16;
    private static final long REFERENCE = 4;
    /** A HashMap/HashSet node (header, hash, key, value, next) and its share of the table. */
    private static final long HASH_NODE = 32 + 2 * REFERENCE;
    /** A LinkedList node: header, item, next, previous. */
    private static final long LINKED_NODE = HEADER + 3 * REFERENCE;
    /** A collection object itself, its fields and its backing array's header. */
    private static final long COLLECTION = 48;

    private RetainedSizeEstimator() {
    }

    /** The estimated bytes {@code o} retains; 0 for null. */
    static long estimate(Object o) {
        try {
            return estimate(o, 0);
        } catch (RuntimeException changedUnderUs) {
            return OTHER_OBJECT;
        }
    }

    private static long estimate(Object o, int depth) {
        if (o == null) {
            return 0;
        }
        if (o instanceof String) {
            return string((String) o);
        }
        if (o instanceof Integer || o instanceof Float || o instanceof Short || o instanceof Byte
                || o instanceof Character || o instanceof Boolean) {
            return align(HEADER + 4);
        }
        if (o instanceof Long || o instanceof Double) {
            return align(HEADER + 8);
        }
        Class<?> type = o.getClass();
        if (type.isArray()) {
            return array(o, depth);
        }
        if (o instanceof Enum || o instanceof Class) {
            return 0;
        }
        if (o instanceof Throwable) {
            return THROWABLE;
        }
        if (o instanceof BigInteger) {
            return bigInteger((BigInteger) o);
        }
        if (o instanceof BigDecimal) {
            return align(HEADER + 4 + 4 + 8 + 4 + REFERENCE) + bigInteger(((BigDecimal) o).unscaledValue());
        }
        if (o instanceof CharSequence) {
            return align(HEADER + 8) + align(ARRAY_HEADER + 2L * ((CharSequence) o).length());
        }
        if (o instanceof Buffer) {
            Buffer buffer = (Buffer) o;
            return OTHER_OBJECT + (buffer.hasArray() ? align(ARRAY_HEADER + buffer.capacity()) : 0);
        }
        if (depth >= MAX_DEPTH) {
            return OTHER_OBJECT;
        }
        if (o instanceof Optional) {
            return align(HEADER + REFERENCE) + estimate(((Optional<?>) o).orElse(null), depth + 1);
        }
        if (o instanceof Collection) {
            return collection((Collection<?>) o, depth);
        }
        if (o instanceof Map) {
            return map((Map<?, ?>) o, depth);
        }
        return OTHER_OBJECT;
    }

    private static long string(String s) {
        int length = s.length();
        long perChar = 1;
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        // String: value, hash, coder, hashIsZero; then its byte[].
        return align(HEADER + REFERENCE + 4 + 1 + 1) + align(ARRAY_HEADER + perChar * length);
    }

    private static long bigInteger(BigInteger value) {
        return align(HEADER + 4 * 4 + REFERENCE) + align(ARRAY_HEADER + 4L * ((value.bitLength() + 31) / 32));
    }

    private static long array(Object array, int depth) {
        if (array instanceof Object[]) {
            Object[] elements = (Object[]) array;
            int length = elements.length;
            long shallow = align(ARRAY_HEADER + REFERENCE * length);
            if (length == 0 || depth >= MAX_DEPTH) {
                return shallow + (depth >= MAX_DEPTH ? OTHER_OBJECT * length : 0);
            }
            int sampled = Math.min(length, SAMPLE);
            long sum = 0;
            for (int i = 0; i < sampled; i++) {
                sum += estimate(elements[(int) ((long) i * length / sampled)], depth + 1);
            }
            return shallow + scale(sum, sampled, length);
        }
        long element;
        if (array instanceof long[] || array instanceof double[]) {
            element = 8;
        } else if (array instanceof int[] || array instanceof float[]) {
            element = 4;
        } else if (array instanceof char[] || array instanceof short[]) {
            element = 2;
        } else {
            element = 1;
        }
        return align(ARRAY_HEADER + element * java.lang.reflect.Array.getLength(array));
    }

    private static long collection(Collection<?> elements, int depth) {
        int size = elements.size();
        boolean list = elements instanceof List;
        boolean indexed = list && elements instanceof RandomAccess;
        long overhead = COLLECTION + (long) size * (indexed ? REFERENCE : list ? LINKED_NODE : HASH_NODE);
        if (size == 0) {
            return overhead;
        }
        int sampled = Math.min(size, SAMPLE);
        long sum = 0;
        if (indexed) {
            List<?> items = (List<?>) elements;
            for (int i = 0; i < sampled; i++) {
                sum += estimate(items.get((int) ((long) i * size / sampled)), depth + 1);
            }
        } else {
            Iterator<?> it = elements.iterator();
            int seen = 0;
            while (seen < sampled && it.hasNext()) {
                sum += estimate(it.next(), depth + 1);
                seen++;
            }
            sampled = Math.max(seen, 1);
        }
        return overhead + scale(sum, sampled, size);
    }

    private static long map(Map<?, ?> entries, int depth) {
        int size = entries.size();
        long overhead = COLLECTION + (long) size * HASH_NODE;
        if (size == 0) {
            return overhead;
        }
        int sampled = 0;
        long sum = 0;
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            if (sampled == SAMPLE) {
                break;
            }
            sum += estimate(entry.getKey(), depth + 1) + estimate(entry.getValue(), depth + 1);
            sampled++;
        }
        return overhead + scale(sum, Math.max(sampled, 1), size);
    }

    /** {@code sum} over {@code sampled} items, scaled up to {@code total} items. */
    private static long scale(long sum, int sampled, int total) {
        return sampled == total ? sum : (long) ((double) sum / sampled * total);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
