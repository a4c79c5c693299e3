package dev.perfagent.agent.layer.cache;

import static dev.perfagent.agent.layer.cache.RetainedSizeEstimator.estimate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetainedSizeEstimatorTest {

    @Test
    void scalars() {
        assertEquals(0, estimate(null));
        assertEquals(16, estimate(42));
        assertEquals(24, estimate(42L));
        assertEquals(24, estimate(4.2));
        assertEquals(0, estimate(DayOfWeek.MONDAY), "enum constants are shared");
        assertEquals(RetainedSizeEstimator.OTHER_OBJECT, estimate(new Object()));
        assertEquals(RetainedSizeEstimator.THROWABLE, estimate(new IllegalStateException()));
    }

    @Test
    void stringsCountOneOrTwoBytesACharacter() {
        assertEquals(24 + 24, estimate("abc"), "object 24, byte[3] 16 + 3 -> 24");
        assertEquals(24 + 24, estimate("é"), "Latin-1 is one byte");
        assertEquals(24 + 24, estimate("中"), "other characters two");
        assertEquals(24 + 1016, estimate("x".repeat(1000)));
        assertEquals(24 + 2016, estimate("中".repeat(1000)));
    }

    @Test
    void arrays() {
        assertEquals(16, estimate(new int[0]));
        assertEquals(56, estimate(new int[10]));
        assertEquals(16 + 8000, estimate(new double[1000]));
        assertEquals(24, estimate(new byte[5]));
        assertEquals(16 + 8 + 2 * 48, estimate(new String[] {"abc", "def"}));
        assertEquals(16 + 8 + 2 * 56, estimate(new int[][] {new int[10], new int[10]}));
    }

    @Test
    void longObjectArraysAreSampled() {
        String[] strings = new String[1000];
        java.util.Arrays.fill(strings, "abc");
        assertEquals(4016 + 1000 * 48, estimate(strings));
    }

    @Test
    void collectionsAndMapsCountTheirSize() {
        List<Integer> list = new ArrayList<>(Collections.nCopies(100, 1000));
        assertEquals(48 + 100 * 4 + 100 * 16, estimate(list));
        assertEquals(48 + 100 * 24 + 100 * 16, estimate(new LinkedList<>(list)), "a node per element, iterated");
        Map<String, Long> map = new HashMap<>();
        map.put("abc", 1L);
        map.put("def", 2L);
        assertEquals(48 + 2 * 40 + 2 * (48 + 24), estimate(map));
        assertEquals(16 + 48, estimate(Optional.of("abc")));
    }

    @Test
    void nestingIsFollowedOnlySoDeep() {
        Object nested = "abc";
        for (int i = 0; i < 10; i++) {
            nested = List.of(nested);
        }
        long estimate = estimate(nested);
        assertTrue(estimate < 10 * 52 + 64 + 48, "estimate " + estimate);
        assertTrue(estimate >= RetainedSizeEstimator.MAX_DEPTH * 52, "estimate " + estimate);
    }

    @Test
    void numbersAndBuffers() {
        assertEquals(32 + 32, estimate(BigInteger.TWO.pow(100)), "the object, and int[4] of magnitude");
        assertEquals(RetainedSizeEstimator.OTHER_OBJECT + 1040, estimate(ByteBuffer.allocate(1024)));
        assertEquals(RetainedSizeEstimator.OTHER_OBJECT, estimate(ByteBuffer.allocateDirect(1024)),
                "off-heap bytes are not heap");
    }

    @Test
    void aCollectionChangedUnderTheEstimateDoesNotThrow() {
        List<Object> changing = new ArrayList<>() {
            @Override
            public Object get(int index) {
                throw new java.util.ConcurrentModificationException();
            }
        };
        changing.add("x");
        assertEquals(RetainedSizeEstimator.OTHER_OBJECT, estimate(changing));
    }
}
