package dev.perfagent.agent.layer.batch.dispatch;

import dev.perfagent.agent.advise.sites.KeyHash;
import java.util.Arrays;

/**
 * A hash ring over the executors, {@value #VIRTUAL_NODES} virtual nodes each (as ketama), keyed by the
 * hash of argument {@code hashArgument} of the batch's <em>first</em> call: a batch goes whole to one
 * executor, so only the first call's key decides; calls with other keys ride along. Keys stick to an
 * executor (its caches, its warm state) while the set of executors stays, and when one joins only about
 * 1/N of the keys move. An executor out of rotation hands its keys to the next executor clockwise, and
 * gets them back when it returns.
 *
 * <p>The key is the argument's {@code hashCode()}, arrays by content ({@link Arrays#deepHashCode}); a null
 * or missing argument hashes as 0. Strings, boxed numbers and records hash the same in every JVM; objects
 * with identity hash codes do not, which matters only across restarts.
 */
final class ConsistentHashRouter implements Router {
    static final int VIRTUAL_NODES = 160;

    private final int hashArgument;
    private volatile Ring ring;

    /** Sorted points on the ring and the executor index owning each. */
    private record Ring(int executors, long[] points, int[] owners) {
    }

    ConsistentHashRouter(int hashArgument) {
        this.hashArgument = hashArgument;
    }

    @Override
    public Executor choose(Executor[] executors, Object[] firstCall) {
        int n = executors.length;
        Ring r = ring;
        if (r == null || r.executors() != n) {
            r = build(n);
            ring = r;   // racing builders build the same ring
        }
        long[] points = r.points();
        int at = Arrays.binarySearch(points, KeyHash.mix(keyHash(firstCall)));
        if (at < 0) {
            at = -at - 1;
        }
        for (int k = 0; k < points.length; k++) {
            Executor e = executors[r.owners()[(at + k) % points.length]];
            if (e.available()) {
                return e;
            }
        }
        return null;
    }

    /** The executor index owning {@code key} with {@code n} executors, all available; for tests. */
    int owner(int n, Object key) {
        Ring r = build(n);
        int at = Arrays.binarySearch(r.points(), KeyHash.mix(keyHash(new Object[] {key})));
        return r.owners()[(at < 0 ? -at - 1 : at) % r.points().length];
    }

    private long keyHash(Object[] call) {
        if (call == null || hashArgument >= call.length || call[hashArgument] == null) {
            return 0;
        }
        Object key = call[hashArgument];
        return key.getClass().isArray() ? Arrays.deepHashCode(new Object[] {key}) : key.hashCode();
    }

    private static Ring build(int n) {
        int size = n * VIRTUAL_NODES;
        long[] packed = new long[size];
        long[][] pairs = new long[size][];
        int p = 0;
        for (int owner = 0; owner < n; owner++) {
            for (int v = 0; v < VIRTUAL_NODES; v++) {
                pairs[p++] = new long[] {KeyHash.mix(((long) owner << 32) | v), owner};
            }
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        int[] owners = new int[size];
        for (int i = 0; i < size; i++) {
            packed[i] = pairs[i][0];
            owners[i] = (int) pairs[i][1];
        }
        return new Ring(n, packed, owners);
    }
}
