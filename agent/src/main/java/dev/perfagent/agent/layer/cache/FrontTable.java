package dev.perfagent.agent.layer.cache;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A two-way set-associative table of recently hit entries in front of a cache layer's Caffeine cache, so that a hit on
 * a hot key reads one slot and one entry, comparing the call's arguments with the stored key (no lookup key
 * is made), instead of Caffeine's hash table and its node. Caffeine stays the cache: it holds every entry,
 * decides evictions, and is read on every miss of this table. While the cache holds less than half of its
 * bound, a hit here reads nothing else, as Caffeine's own hits then record nothing for its eviction policy
 * (its frequency sketch starts at half full); from then on every hit here also reads Caffeine by the stored
 * key, so the policy sees the same reads, and the hit ratio stays Caffeine's.
 *
 * <p>Why it stays correct: an entry answers only while Caffeine holds it. Caffeine's removal listener marks
 * every entry it lets go of ({@link FrontEntry#removed()}, for any cause: eviction, replacement,
 * invalidation) and clears its slot; a slot written with an entry that was removed meanwhile still holds a
 * removed entry, which answers nothing. So the table can only answer with a value Caffeine would have
 * answered with at some moment during the call. Used only for caches whose entries cannot go stale while
 * Caffeine holds them: no {@code ttl}, no {@code idle}, no {@code refresh-after} (each needs a clock reading
 * per hit, which Caffeine makes).
 *
 * <p>An entry has two slots, side by side in one cache line: the one its hash picks and its pair. A hit in
 * Caffeine takes a free one; when both hold live entries it takes the first only once in {@value
 * #REPLACE_ONE_IN} times, so that keys colliding on a pair do not rewrite it on every call (each write takes
 * the line from the other cores reading it), while a hot key still gets in soon.
 *
 * <p>Races between threads writing one slot lose nothing but a later hit in this table. Slots are plain array
 * elements: entries' fields are final but for the removed flag, which is volatile.
 */
final class FrontTable {
    private static final int MAX_SLOTS = 1 << 16;
    private static final int MIN_SLOTS = 64;
    /** How rarely a pair of live entries gives way to a newcomer (a power of two). */
    static final int REPLACE_ONE_IN = 16;

    private final FrontEntry[] slots;
    private final int mask;

    /** A table for a cache of at most {@code capacity} entries (twice as many slots, to keep collisions few). */
    FrontTable(long capacity) {
        long wanted = Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, 2 * capacity));
        int size = Integer.highestOneBit((int) wanted);
        if (size < wanted) {
            size <<= 1;
        }
        this.slots = new FrontEntry[Math.min(size, MAX_SLOTS)];
        this.mask = slots.length - 1;
    }

    /** The hash an entry is placed by: its key's hash code, spread so that the low bits index well. */
    static int spread(int hashCode) {
        return hashCode ^ (hashCode >>> 16);
    }

    /** The entry in the first slot for {@code hash}, or null; the caller checks that it answers its call. */
    FrontEntry slot(int hash) {
        return slots[hash & mask];
    }

    /** The entry in the second slot for {@code hash}, or null. */
    FrontEntry pairedSlot(int hash) {
        return slots[(hash & mask) ^ 1];
    }

    /** Puts an entry just read from Caffeine in one of its slots, if one is free or its turn has come. */
    void offer(FrontEntry entry) {
        int first = entry.hash() & mask;
        if (isFree(slots[first])) {
            slots[first] = entry;
        } else if (isFree(slots[first ^ 1])) {
            slots[first ^ 1] = entry;
        } else if ((ThreadLocalRandom.current().nextInt() & (REPLACE_ONE_IN - 1)) == 0) {
            slots[first] = entry;
        }
    }

    private static boolean isFree(FrontEntry slot) {
        return slot == null || slot.isRemoved();
    }

    /** Empties the entry's slot if it still holds that entry (Caffeine removed it). */
    void clear(FrontEntry entry) {
        int first = entry.hash() & mask;
        if (slots[first] == entry) {
            slots[first] = null;
        } else if (slots[first ^ 1] == entry) {
            slots[first ^ 1] = null;
        }
    }

    /** Empties every slot, so that entries Caffeine dropped are not kept alive by this table. */
    void clearAll() {
        Arrays.fill(slots, null);
    }

    /** How many slots the table has. */
    int slots() {
        return slots.length;
    }
}
