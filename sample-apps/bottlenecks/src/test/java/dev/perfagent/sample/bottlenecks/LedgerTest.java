package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {

    @Test
    void postReturnsTheRunningBalance() {
        Ledger ledger = new Ledger(0);
        assertEquals(5, ledger.post(5));
        assertEquals(12, ledger.post(7));
        assertEquals(2, ledger.post(-10));
        assertEquals(2, ledger.balance());
    }

    @Test
    void concurrentPostsAreAllCounted() throws InterruptedException {
        Ledger ledger = new Ledger(0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 1; i <= 500; i++) {
                    ledger.post(i);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(4L * 500 * 501 / 2, ledger.balance());
    }
}
