package dev.perfagent.agent.layer.cache;

import java.util.Arrays;
import java.util.Objects;

/**
 * Equality, hash and copy of key parts by content: arrays (primitive, object and nested) compare element by
 * element, everything else through its own {@code equals}/{@code hashCode}. Copies are deep for arrays only: an
 * array in a stored key must not change when the caller later reuses its buffer; other objects are used as
 * they are, so, as for any map key, they must not change while cached.
 */
final class DeepContent {

    private DeepContent() {
    }

    /** Whether {@code a} and {@code b} have the same content. */
    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        // Most key parts are not arrays: skip deepEquals's nine array type checks for them.
        return a.getClass().isArray() ? Objects.deepEquals(a, b) : a.equals(b);
    }

    /** A hash consistent with {@link #equal}. */
    static int hash(Object o) {
        if (o == null) {
            return 0;
        }
        if (!o.getClass().isArray()) {
            return o.hashCode();
        }
        if (o instanceof Object[]) {
            return Arrays.deepHashCode((Object[]) o);
        }
        if (o instanceof int[]) {
            return Arrays.hashCode((int[]) o);
        }
        if (o instanceof long[]) {
            return Arrays.hashCode((long[]) o);
        }
        if (o instanceof float[]) {
            return Arrays.hashCode((float[]) o);
        }
        if (o instanceof double[]) {
            return Arrays.hashCode((double[]) o);
        }
        if (o instanceof byte[]) {
            return Arrays.hashCode((byte[]) o);
        }
        if (o instanceof char[]) {
            return Arrays.hashCode((char[]) o);
        }
        if (o instanceof short[]) {
            return Arrays.hashCode((short[]) o);
        }
        return Arrays.hashCode((boolean[]) o);
    }

    /** {@code o} itself unless it is an array; an array is copied, nested arrays included. */
    static Object copy(Object o) {
        if (o == null || !o.getClass().isArray()) {
            return o;
        }
        if (o instanceof Object[]) {
            // clone() keeps the runtime type (String[], float[][]), so the copy equals what callers pass.
            Object[] copy = ((Object[]) o).clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] = copy(copy[i]);
            }
            return copy;
        }
        if (o instanceof int[]) {
            return ((int[]) o).clone();
        }
        if (o instanceof long[]) {
            return ((long[]) o).clone();
        }
        if (o instanceof float[]) {
            return ((float[]) o).clone();
        }
        if (o instanceof double[]) {
            return ((double[]) o).clone();
        }
        if (o instanceof byte[]) {
            return ((byte[]) o).clone();
        }
        if (o instanceof char[]) {
            return ((char[]) o).clone();
        }
        if (o instanceof short[]) {
            return ((short[]) o).clone();
        }
        return ((boolean[]) o).clone();
    }

    /** The arguments with every array copied, for a call made later on another thread. */
    static Object[] copyAll(Object[] args) {
        Object[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copy(copy[i]);
        }
        return copy;
    }
}
