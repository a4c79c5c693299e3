package dev.perfagent.agent.layer.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Flight}s of one cache layer by key: at most one per key, so concurrent misses of a key load once
 * (single flight) and refreshes of a key never overlap. Looked up with lookup keys, started with stored keys.
 */
final class LoadFlights {
    private final Map<Object, Flight> flights = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /** The flight of {@code key} that can still end, or null; an abandoned one is dropped and failed. */
    Flight live(Object key) {
        Flight flight = flights.get(key);
        if (flight != null && flight.abandoned()) {
            drop(key, flight);
            return null;
        }
        return flight;
    }

    /** Starts {@code flight} for {@code storedKey}; false if another flight of the key started first. */
    boolean start(Object storedKey, Flight flight) {
        return flights.putIfAbsent(storedKey, flight) == null;
    }

    /** Takes a flight out once its load has published (or not); later callers no longer find it. */
    void end(Object key, Flight flight) {
        flights.remove(key, flight);
    }

    /** Waits for {@code flight}; if it turns out abandoned, drops it so nobody else waits for it. */
    Object await(Object key, Flight flight) {
        waiting.incrementAndGet();
        try {
            Object result = flight.await();
            if (result == Flight.RUN_YOURSELF && flight.abandoned()) {
                drop(key, flight);
            }
            return result;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Fails every flight (the layer is closing): their waiters run the method themselves. */
    void abandonAll() {
        for (Map.Entry<Object, Flight> entry : flights.entrySet()) {
            drop(entry.getKey(), entry.getValue());
        }
    }

    /** How many flights are open now. */
    int size() {
        return flights.size();
    }

    /** How many callers wait for a flight now. */
    int waiting() {
        return waiting.get();
    }

    private void drop(Object key, Flight flight) {
        flights.remove(key, flight);
        flight.fail();
    }
}
