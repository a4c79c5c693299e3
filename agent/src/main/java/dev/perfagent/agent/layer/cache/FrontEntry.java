package dev.perfagent.agent.layer.cache;

import dev.perfagent.bootstrap.Outcome;

/**
 * What a cache with a {@link FrontTable} holds for one key: the call's {@link Outcome}, the stored key and its
 * hash (for the front table to compare against), and whether Caffeine has let go of it. One object per store,
 * so that "removed" is a property of the entry itself, wherever a copy of the reference sits: a front-table
 * slot written after the entry's removal still cannot answer a call with it.
 */
final class FrontEntry {
    private final Object key;
    private final int hash;
    private final Outcome outcome;
    /**
     * Whether the key is two arguments compared by {@code equals}, without receiver; if so, {@link #first} and
     * {@link #second} hold them, so that a hit compares them here, without reading the key object too.
     */
    private final boolean pair;
    private final Object first;
    private final Object second;
    /** Set once Caffeine removed the entry (evicted, replaced, invalidated); never cleared. */
    private volatile boolean removed;

    FrontEntry(Object key, int hash, Outcome outcome) {
        this.key = key;
        this.hash = hash;
        this.outcome = outcome;
        ArgumentsKey arguments = key instanceof ArgumentsKey ? (ArgumentsKey) key : null;
        this.pair = arguments != null && arguments.size() == 2 && !arguments.deep()
                && !arguments.weakReceiver() && arguments.receiver() == null;
        this.first = pair ? arguments.part(0) : null;
        this.second = pair ? arguments.part(1) : null;
    }

    /** Whether {@link #first} and {@link #second} hold the key's two arguments. */
    boolean pair() {
        return pair;
    }

    Object first() {
        return first;
    }

    Object second() {
        return second;
    }

    Object key() {
        return key;
    }

    int hash() {
        return hash;
    }

    /** The outcome every hit answers with (the same instance each time). */
    Outcome outcome() {
        return outcome;
    }

    /** Caffeine no longer holds the entry: no front-table slot may answer with it again. */
    void removed() {
        removed = true;
    }

    boolean isRemoved() {
        return removed;
    }
}
