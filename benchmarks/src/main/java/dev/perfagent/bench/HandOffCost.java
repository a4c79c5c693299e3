package dev.perfagent.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * What one thread hand-off costs on this machine: two threads pass a turn back and forth with
 * {@code LockSupport.park}/{@code unpark}, as a batch's leader and a caller do, and the mean round trip is
 * printed. With {@code busy N}, N more threads spin (yielding now and then) so the cores never go idle.
 * Run it with {@code taskset -c 0} to keep both threads on one core.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.perfagent.bench.HandOffCost [busy N] [rounds N]</pre>
 */
public final class HandOffCost {
    private static volatile int turn;
    private static volatile boolean stop;

    private HandOffCost() {
    }

    public static void main(String[] args) throws InterruptedException {
        int busy = 0;
        int rounds = 200_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "busy" -> busy = Integer.parseInt(args[i + 1]);
                case "rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: HandOffCost [busy N] [rounds N]");
            }
        }
        for (int k = 0; k < busy; k++) {
            Thread spinner = new Thread(() -> {
                long x = 0;
                while (!stop) {
                    if ((++x & 1023) == 0) {
                        Thread.yield();
                    }
                }
            });
            spinner.setDaemon(true);
            spinner.start();
        }
        int n = rounds;
        Thread[] pair = new Thread[2];
        for (int k = 0; k < 2; k++) {
            int me = k;
            pair[k] = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    while (turn != me) {
                        LockSupport.park();
                    }
                    turn = 1 - me;
                    LockSupport.unpark(pair[1 - me]);
                }
            });
        }
        long start = System.nanoTime();
        pair[0].start();
        pair[1].start();
        pair[0].join();
        pair[1].join();
        stop = true;
        System.out.printf("busy threads %d: park/unpark round trip (two hand-offs) %.2f µs over %d rounds%n", busy,
                (System.nanoTime() - start) / 1e3 / n, n);
    }
}
