package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionTableTest {

    @Test
    void updateCountsVisitsPerSession() {
        SessionTable table = new SessionTable(0);
        assertEquals(1, table.update("a"));
        assertEquals(1, table.update("b"));
        assertEquals(2, table.update("a"));
        assertEquals(2, table.size());
    }

    @Test
    void concurrentUpdatesOfOneSessionAreAllCounted() throws InterruptedException {
        SessionTable table = new SessionTable(0);
        AtomicLong highest = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    highest.accumulateAndGet(table.update("shared"), Math::max);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(2000, highest.get());
        assertEquals(1, table.size());
    }
}
