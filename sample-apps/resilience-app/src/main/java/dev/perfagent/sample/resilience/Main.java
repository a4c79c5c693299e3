package dev.perfagent.sample.resilience;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code java -jar resilience-app.jar [--threads N] [--skus N]}: N threads loop over four calls per
 * request (describe a product, fetch its price from a loopback dependency, reserve it, audit it) and the
 * app prints one JSON line per second with what each call returned or threw, how long the price fetches
 * took, how often each body really ran and the most reservations inside at once. Reads {@code down} and
 * {@code up} on stdin to make the dependency hang or answer again.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 16;
        int skus = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--skus" -> skus = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; usage: [--threads N] [--skus N]");
                    System.exit(2);
                }
            }
        }
        PriceServer server = new PriceServer();
        PriceClient prices = new PriceClient(server.port());
        Catalog catalog = new Catalog();
        Inventory inventory = new Inventory();
        Audit audit = new Audit();
        Outcomes fetch = new Outcomes();
        Outcomes describe = new Outcomes();
        Outcomes reserve = new Outcomes();
        Outcomes record = new Outcomes();
        System.out.println("resilience-app pid " + ProcessHandle.current().pid());
        int skuCount = skus;
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (true) {
                    String sku = "sku-" + ThreadLocalRandom.current().nextInt(skuCount);
                    call(describe, () -> catalog.describe(sku));
                    call(fetch, () -> prices.fetch(sku));
                    call(reserve, () -> inventory.reserve(sku));
                    call(record, () -> {
                        audit.record(sku);
                        return null;
                    });
                }
            }, "request-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        Thread commands = new Thread(() -> readCommands(server), "commands");
        commands.setDaemon(true);
        commands.start();
        long describeBodies = 0;
        long auditBodies = 0;
        for (long second = 1; ; second++) {
            Thread.sleep(1000);
            long d = catalog.bodies.sum();
            long a = audit.bodies.sum();
            System.out.println("{\"second\":" + second
                    + ",\"fetch\":{" + fetch.drainJson() + "}"
                    + ",\"describe\":{" + describe.drainJson() + ",\"bodies\":" + (d - describeBodies) + "}"
                    + ",\"reserve\":{" + reserve.drainJson() + ",\"maxInside\":" + inventory.takeMaxInside() + "}"
                    + ",\"record\":{" + record.drainJson() + ",\"bodies\":" + (a - auditBodies) + "}}");
            System.out.flush();
            describeBodies = d;
            auditBodies = a;
        }
    }

    /** A call whose outcome is counted. */
    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private static void call(Outcomes outcomes, Call call) {
        long start = System.nanoTime();
        try {
            call.run();
            outcomes.ok(System.nanoTime() - start);
        } catch (Throwable t) {
            outcomes.failed(t, System.nanoTime() - start);
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void readCommands(PriceServer server) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                switch (line.trim()) {
                    case "down" -> server.down();
                    case "up" -> server.up();
                    default -> System.err.println("unknown command '" + line + "' (down, up)");
                }
                System.out.println("{\"command\":\"" + line.trim() + "\"}");
                System.out.flush();
            }
        } catch (Exception e) {
            System.err.println("commands: " + e);
        }
    }
}
