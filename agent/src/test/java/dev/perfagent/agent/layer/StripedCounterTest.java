package dev.perfagent.agent.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class StripedCounterTest {

    @Test
    void concurrentIncrementsAreNeverLost() throws Exception {
        StripedCounter counter = new StripedCounter();
        int threads = 80; // more threads than cells: some share a cell's owner and count in the shared adder
        int each = 20_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < each; i++) {
                    counter.increment();
                }
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        assertEquals((long) threads * each, counter.sum());
    }

    @Test
    void aCellOfAnEndedThreadIsTakenOverWithItsCount() throws Exception {
        StripedCounter counter = new StripedCounter();
        // One thread after another: thread ids run on, so later threads land on cells of ended ones.
        for (int t = 0; t < 200; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    counter.increment();
                }
            });
            thread.start();
            thread.join();
        }
        assertEquals(200_000, counter.sum());
    }

    @Test
    void aThreadsIncrementsAndDecrementsCancelOutAcrossThreads() throws Exception {
        StripedCounter counter = new StripedCounter();
        Thread enters = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                counter.increment();
            }
        });
        enters.start();
        enters.join();
        assertEquals(1000, counter.sum());
        for (int i = 0; i < 990; i++) {
            counter.decrement(); // another thread, another cell: the sum still falls
        }
        counter.add(-10);
        assertEquals(0, counter.sum());
    }
}
