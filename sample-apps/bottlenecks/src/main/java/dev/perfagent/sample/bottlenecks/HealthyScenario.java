package dev.perfagent.sample.bottlenecks;

/**
 * {@code healthy}: a light, well-behaved load, the control case that should raise no warning. Requests
 * arrive at {@value #REQUESTS_PER_SECOND} per second in all; each sums a small per-thread table (a few
 * microseconds of CPU) and allocates nothing, takes no shared lock and throws nothing. The threads spend
 * most of their time waiting for the next request's slot, in short parks well under any profiler
 * threshold.
 */
final class HealthyScenario implements Scenario {
    static final int REQUESTS_PER_SECOND = 400;
    private static final int TABLE_SIZE = 2048;

    private final Pacer arrivals = new Pacer(1_000_000_000L / REQUESTS_PER_SECOND);
    private final ThreadLocal<int[]> tables = ThreadLocal.withInitial(HealthyScenario::table);
    // Written with every result so the JIT must compute it; racy on purpose.
    private long lastSum;

    @Override
    public void request() {
        arrivals.awaitTurn();
        int[] table = tables.get();
        long sum = 0;
        for (int value : table) {
            sum += value;
        }
        table[(int) (sum & (TABLE_SIZE - 1))]++;
        lastSum = sum;
    }

    private static int[] table() {
        int[] table = new int[TABLE_SIZE];
        for (int i = 0; i < TABLE_SIZE; i++) {
            table[i] = i * 31;
        }
        return table;
    }
}
