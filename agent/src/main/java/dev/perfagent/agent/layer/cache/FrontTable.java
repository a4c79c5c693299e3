package dev.perfagent.agent.layer.cache;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A two-way set-associative table of recently hit entries in front of a cache layer's Caffeine cache, so that
 * a hit on a hot key reads one slot and one entry, comparing the call's arguments with the stored key (no
 * lookup key is made), instead of Caffeine's hash table and its node. Caffeine stays the cache: it holds every
 * entry, decides evictions, and is read on every miss of this table. While the cache holds less than half of its
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
    /**
     * Slots per entry the cache holds. A key finds its pair of slots taken by two others (and goes on to
     * Caffeine, and sometimes rewrites a slot) with the chance that a Poisson law of mean 2 / this gives 3 or
     * more: with two slots per entry 8% (measured: 11% of hits went on to Caffeine), with four 1.4% (measured
     * 2%, and at two threads those slot writes, in lines both cores read, doubled the hit's time), with
     * sixteen 0.03%.
     */
    private static final int SLOTS_PER_ENTRY = 16;
    /** How rarely a pair of live entries gives way to a newcomer (a power of two). */
    static final int REPLACE_ONE_IN = 16;

    /** The most slots: {@value #SLOTS_PER_ENTRY} per entry of the cache's bound, at most {@value #MAX_SLOTS}. */
    private final int maxSlots;
    /**
     * {@value #SLOTS_PER_ENTRY} slots per entry the cache holds, so that a small cache's table stays small;
     * replaced by a larger, empty array as the cache grows ({@link #fitTo}), never resized in place. A reader
     * that still holds the old array reads entries that still answer only while Caffeine holds them.
     */
    private volatile FrontEntry[] slots = new FrontEntry[MIN_SLOTS];

    /** A table for a cache of at most {@code capacity} entries ({@link Long#MAX_VALUE}: bounded by weight). */
    FrontTable(long capacity) {
        this.maxSlots = slotsFor(capacity, MAX_SLOTS);
    }

    private static int slotsFor(long entries, int most) {
        long wanted = Math.max(MIN_SLOTS, Math.min(most, SLOTS_PER_ENTRY * Math.min(entries, MAX_SLOTS)));
        return (int) Math.min(most, Long.highestOneBit(wanted - 1) << 1);
    }

    /** Grows the table (empty) to {@value #SLOTS_PER_ENTRY} slots per entry, if more than it has, within bounds. */
    void fitTo(long entries) {
        int wanted = slotsFor(entries, maxSlots);
        if (wanted > slots.length) {
            slots = new FrontEntry[wanted];
        }
    }

    /** The hash an entry is placed by: its key's hash code, spread so that the low bits index well. */
    static int spread(int hashCode) {
        return hashCode ^ (hashCode >>> 16);
    }

    /** The entry in the first slot for {@code hash}, or null; the caller checks that it answers its call. */
    FrontEntry slot(int hash) {
        FrontEntry[] table = slots;
        return table[hash & (table.length - 1)];
    }

    /** The entry in the second slot for {@code hash}, or null. */
    FrontEntry pairedSlot(int hash) {
        FrontEntry[] table = slots;
        return table[(hash & (table.length - 1)) ^ 1];
    }

    /** Puts an entry just read from Caffeine in one of its slots, if one is free or its turn has come. */
    void offer(FrontEntry entry) {
        FrontEntry[] table = slots;
        int first = entry.hash() & (table.length - 1);
        if (isFree(table[first])) {
            table[first] = entry;
        } else if (isFree(table[first ^ 1])) {
            table[first ^ 1] = entry;
        } else if ((ThreadLocalRandom.current().nextInt() & (REPLACE_ONE_IN - 1)) == 0) {
            table[first] = entry;
        }
    }

    private static boolean isFree(FrontEntry slot) {
        return slot == null || slot.isRemoved();
    }

    /** Empties the entry's slot if it still holds that entry (Caffeine removed it). */
    void clear(FrontEntry entry) {
        FrontEntry[] table = slots;
        int first = entry.hash() & (table.length - 1);
        if (table[first] == entry) {
            table[first] = null;
        } else if (table[first ^ 1] == entry) {
            table[first ^ 1] = null;
        }
    }

    /** Empties every slot, so that entries Caffeine dropped are not kept alive by this table. */
    void clearAll() {
        Arrays.fill(slots, null);
    }

    /** The most slots the table grows to. */
    int maxSlots() {
        return maxSlots;
    }

    /** How many slots the table has. */
    int slots() {
        return slots.length;
    }
}
