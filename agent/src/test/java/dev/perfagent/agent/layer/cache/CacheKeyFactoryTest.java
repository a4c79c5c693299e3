package dev.perfagent.agent.layer.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.bootstrap.Outcome;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CacheKeyFactoryTest {

    @Test
    void aLoneArgumentWithoutReceiverIsTheKeyItself() {
        CacheKeyFactory keys = new CacheKeyFactory(null, false, List.of("java.lang.String"));
        String argument = "embed me";
        Object key = keys.lookupKey(new Object(), new Object[] {argument});
        assertSame(argument, key);
        assertSame(argument, keys.storedKey(key));
        assertSame(CacheKeyFactory.NULL_ARGUMENT, keys.lookupKey(null, new Object[] {null}));
    }

    @Test
    void aLonePositionAmongSeveralIsTheKeyItselfToo() {
        CacheKeyFactory keys = new CacheKeyFactory(List.of(1), false, List.of("int", "java.lang.String", "int"));
        assertSame("b", keys.lookupKey(null, new Object[] {"a", "b", "c"}));
    }

    @Test
    void aLoneArrayIsComparedByContent() {
        CacheKeyFactory keys = new CacheKeyFactory(null, false, List.of("double[]"));
        Object key = keys.lookupKey(null, new Object[] {new double[] {1.5}});
        assertInstanceOf(ArgumentsKey.class, key);
        assertEquals(key, keys.lookupKey(null, new Object[] {new double[] {1.5}}));
        assertEquals(key.hashCode(), keys.lookupKey(null, new Object[] {new double[] {1.5}}).hashCode());
    }

    @Test
    void lookupAndStoredKeysAreEqualButOnlyTheStoredOneOwnsItsArrays() {
        CacheKeyFactory keys = new CacheKeyFactory(null, true, List.of("long[]", "java.lang.Object[]"));
        Object receiver = new Object();
        long[] buffer = {1, 2};
        Object[] nested = {new int[] {3}};
        Object lookup = keys.lookupKey(receiver, new Object[] {buffer, nested});
        ArgumentsKey stored = (ArgumentsKey) keys.storedKey(lookup);

        assertEquals(lookup, stored);
        assertEquals(stored, lookup);
        assertEquals(lookup.hashCode(), stored.hashCode());
        assertNotSame(buffer, stored.part(0));
        assertNotSame(nested[0], ((Object[]) stored.part(1))[0]);
        buffer[0] = 9;
        ((int[]) nested[0])[0] = 9;
        assertEquals(stored, keys.lookupKey(receiver, new Object[] {new long[] {1, 2}, new Object[] {new int[] {3}}}));
        assertNotEquals(stored, keys.lookupKey(receiver, new Object[] {buffer, nested}));
    }

    @Test
    void theReceiverComparesByIdentity() {
        CacheKeyFactory keys = new CacheKeyFactory(null, true, List.of("java.lang.String"));
        List<String> one = new ArrayList<>();
        List<String> equalToOne = new ArrayList<>();
        assertEquals(keys.lookupKey(one, new Object[] {"a"}), keys.lookupKey(one, new Object[] {"a"}));
        assertNotEquals(keys.lookupKey(one, new Object[] {"a"}), keys.lookupKey(equalToOne, new Object[] {"a"}));
    }

    @Test
    void aStoredKeyHoldsItsReceiverWeaklyAndReportsItOnceCollected() {
        CacheKeyFactory keys = new CacheKeyFactory(null, true, List.of("java.lang.String"));
        Object receiver = new Object();
        WeakReference<Object> ref = new WeakReference<>(receiver);
        ArgumentsKey stored = (ArgumentsKey) keys.storedKey(keys.lookupKey(receiver, new Object[] {"a"}));
        ArgumentsKey twin = (ArgumentsKey) keys.storedKey(keys.lookupKey(receiver, new Object[] {"a"}));
        assertEquals(stored, twin);

        receiver = null;
        List<Object> collected = new ArrayList<>();
        Eventually.await("the receiver is collected and reported", () -> {
            System.gc();
            keys.drainCollected(collected::add);
            return ref.get() == null && collected.size() == 2;
        });
        assertTrue(collected.contains(stored));
        assertEquals(stored, stored);
        assertNotEquals(stored, twin, "a key whose receiver is gone equals only itself");
        assertEquals(null, receiver);
    }

    @Test
    void parametersThatMayHoldAnArrayAreComparedByContent() {
        for (List<String> types : List.of(List.of("java.lang.Object"), List.of("java.io.Serializable"),
                List.<String>of())) {
            CacheKeyFactory keys = new CacheKeyFactory(null, false, types);
            Object key = keys.lookupKey(null, new Object[] {new int[] {1, 2}});
            assertEquals(key, keys.lookupKey(null, new Object[] {new int[] {1, 2}}), types.toString());
            assertNotEquals(key, keys.lookupKey(null, new Object[] {new int[] {1, 3}}), types.toString());
        }
        assertTrue(CacheKeyFactory.mayHoldArray("float[][]"));
        assertTrue(CacheKeyFactory.mayHoldArray("java.lang.Cloneable"));
        assertEquals(false, CacheKeyFactory.mayHoldArray("java.lang.String"));
        assertEquals(false, CacheKeyFactory.mayHoldArray("long"));
        assertEquals(false, CacheKeyFactory.mayHoldArray("java.util.List"));
    }

    @Test
    void argumentsOfOtherTypesCompareByEquals() {
        CacheKeyFactory keys = new CacheKeyFactory(null, false, List.of("java.lang.String", "java.util.List"));
        Object key = keys.lookupKey(null, new Object[] {"a", List.of(1, 2)});
        assertEquals(key, keys.lookupKey(null, new Object[] {"a", new ArrayList<>(List.of(1, 2))}));
        assertEquals(key.hashCode(), keys.lookupKey(null, new Object[] {"a", new ArrayList<>(List.of(1, 2))}).hashCode());
        assertNotEquals(key, keys.lookupKey(null, new Object[] {"a", null}));
        assertEquals(keys.lookupKey(null, new Object[] {null, null}), keys.lookupKey(null, new Object[] {null, null}));
    }

    @Test
    void keyPartsFollowTheGivenOrder() {
        CacheKeyFactory keys = new CacheKeyFactory(List.of(2, 0), false,
                List.of("java.lang.String", "java.lang.String", "java.lang.String"));
        ArgumentsKey key = (ArgumentsKey) keys.lookupKey(null, new Object[] {"a", "b", "c"});
        assertEquals(2, key.size());
        assertEquals("c", key.part(0));
        assertEquals("a", key.part(1));
        assertEquals("[c, a]", key.toString());
        assertEquals(key, keys.lookupKey(null, new Object[] {"a", "x", "c"}));
    }

    /**
     * What the front table compares without making a lookup key agrees with the keys themselves: the hash with
     * the lookup key's, and a match with equality, for every form of key and random arguments.
     */
    @Test
    void hashesAndMatchesWithoutAKeyAgreeWithTheKeys() {
        Random random = new Random(5);
        Object[] receivers = {new Object(), new Object()};
        List<List<String>> signatures = List.of(List.of("java.lang.String"), List.of("int[]"),
                List.of("java.lang.Object"), List.of("java.lang.String", "int"),
                List.of("java.lang.Object", "int[]", "long"), List.of("int", "java.lang.String", "long"), List.of());
        for (List<String> types : signatures) {
            List<List<Integer>> positionChoices = new ArrayList<>();
            positionChoices.add(null);
            if (types.size() == 3) {
                positionChoices.add(List.of(2, 0));
                positionChoices.add(List.of(1));
            }
            for (List<Integer> positions : positionChoices) {
                for (boolean receiverInKey : new boolean[] {false, true}) {
                    CacheKeyFactory keys = new CacheKeyFactory(positions, receiverInKey, types);
                    for (int i = 0; i < 200; i++) {
                        Object selfA = receivers[random.nextInt(2)];
                        Object selfB = receivers[random.nextInt(2)];
                        Object[] a = arguments(types.size(), random);
                        Object[] b = random.nextBoolean() ? a.clone() : arguments(types.size(), random);
                        Object storedA = keys.storedKey(keys.lookupKey(selfA, a));
                        Object lookupB = keys.lookupKey(selfB, b);
                        assertEquals(lookupB.hashCode(), keys.lookupHash(selfB, b));
                        assertEquals(lookupB.equals(storedA), keys.matches(storedA, selfB, b),
                                () -> types + " " + positions + " " + receiverInKey + ": stored " + storedA
                                        + " against " + lookupB);
                        FrontEntry entry = new FrontEntry(storedA, FrontTable.spread(storedA.hashCode()),
                                Outcome.returning("value"));
                        assertEquals(lookupB.equals(storedA), keys.matches(entry, selfB, b),
                                () -> "as a front-table entry: " + types + " " + positions + " " + receiverInKey);
                    }
                }
            }
        }
    }

    /** Random arguments drawn from few values, so that equal ones come up often. */
    private static Object[] arguments(int arity, Random random) {
        Object[] args = new Object[arity];
        for (int i = 0; i < arity; i++) {
            switch (random.nextInt(4)) {
                case 0 -> args[i] = null;
                case 1 -> args[i] = new int[] {random.nextInt(2)};
                case 2 -> args[i] = random.nextInt(2);
                default -> args[i] = "s" + random.nextInt(2);
            }
        }
        return args;
    }
}
