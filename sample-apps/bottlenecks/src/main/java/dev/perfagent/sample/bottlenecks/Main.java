package dev.perfagent.sample.bottlenecks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code java -jar bottlenecks-app.jar <scenario> [--threads N] [--seconds S] [--leak-kib-per-second K]}:
 * runs one workload with one known bottleneck, steadily, on N request threads ({@code request-0} ...)
 * until killed or S seconds have passed (default: until killed). Prints one JSON line at start,
 * {@code {"scenario":"cpu-hot-loop","pid":123,"threads":4}}, then one per second with the requests done in
 * that second, {@code {"second":3,"ops":1234,"errors":0}} (the {@code leak} scenario adds
 * {@code "retainedKb"}). Errors, which no scenario should have, are also printed to stderr.
 *
 * <p>Each bottleneck lives in one class and method; the rest of each request is cheap:
 * <table>
 *   <caption>Scenarios</caption>
 *   <tr><th>scenario</th><th>expected kind</th><th>expected place</th><th>threads</th></tr>
 *   <tr><td>cpu-hot-loop</td><td>CPU hot method</td><td>{@link HotLoop#checksum(byte[])}</td><td>4</td></tr>
 *   <tr><td>monitor-convoy</td><td>monitor contention</td><td>{@link Ledger#post(long)}</td><td>16</td></tr>
 *   <tr><td>reentrant-lock</td><td>lock contention (park on {@code ReentrantLock$NonfairSync})</td>
 *       <td>{@link SessionTable#update(String)}</td><td>16</td></tr>
 *   <tr><td>alloc-churn</td><td>allocation pressure</td><td>{@link Aggregator#sum(java.util.List)}</td>
 *       <td>2</td></tr>
 *   <tr><td>slow-socket</td><td>slow I/O (socket read)</td><td>{@link QuoteClient#quote(String)}</td>
 *       <td>8</td></tr>
 *   <tr><td>leak</td><td>memory leak (heap after GC grows)</td><td>{@link SessionCache#remember(String)}</td>
 *       <td>1</td></tr>
 *   <tr><td>exception-storm</td><td>exceptions as control flow</td><td>{@link Parser#parseQuantity(String)}</td>
 *       <td>4</td></tr>
 *   <tr><td>repeated-calls</td><td>cacheable pure call</td><td>{@link PriceCatalog#price(String)}</td>
 *       <td>4</td></tr>
 *   <tr><td>single-calls</td><td>batchable calls</td><td>{@link Scorer#score(float[])} (batch form
 *       {@link Scorer#scoreBatch(float[][])})</td><td>16</td></tr>
 *   <tr><td>healthy</td><td>none</td><td>none</td><td>4</td></tr>
 * </table>
 *
 * <p>The app knows nothing of the agent.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.usage());
            System.exit(2);
            return;
        }
        try (Scenario scenario = options.scenario().create(options)) {
            run(scenario, options);
        }
    }

    private static void run(Scenario scenario, Options options) throws InterruptedException {
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicLong errorsPrinted = new AtomicLong();
        System.out.println("{\"scenario\":\"" + options.scenario().cliName() + "\",\"pid\":"
                + ProcessHandle.current().pid() + ",\"threads\":" + options.threads() + "}");
        System.out.flush();
        for (int t = 0; t < options.threads(); t++) {
            Thread worker = new Thread(() -> {
                while (true) {
                    try {
                        scenario.request();
                        ops.increment();
                    } catch (Exception e) {
                        errors.increment();
                        // A few are enough to see what went wrong; a storm of them would be a bottleneck of its own.
                        if (errorsPrinted.incrementAndGet() <= 10) {
                            e.printStackTrace();
                        }
                    }
                }
            }, "request-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        report(scenario, options.seconds(), ops, errors);
    }

    /** One line per second, on a fixed schedule so the lines do not drift; returns after {@code seconds}. */
    private static void report(Scenario scenario, long seconds, LongAdder ops, LongAdder errors)
            throws InterruptedException {
        long start = System.nanoTime();
        long lastOps = 0;
        long lastErrors = 0;
        for (long second = 1; seconds == 0 || second <= seconds; second++) {
            long wait = start + second * 1_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long nowOps = ops.sum();
            long nowErrors = errors.sum();
            System.out.println("{\"second\":" + second + ",\"ops\":" + (nowOps - lastOps)
                    + ",\"errors\":" + (nowErrors - lastErrors) + scenario.reportJson() + "}");
            System.out.flush();
            lastOps = nowOps;
            lastErrors = nowErrors;
        }
    }
}
