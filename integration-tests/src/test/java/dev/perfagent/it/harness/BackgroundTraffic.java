package dev.perfagent.it.harness;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests one URL over and over from a daemon thread (one at a time, with a short pause between),
 * counting answers that are not 200 and failed requests, until {@link #close()}.
 */
public final class BackgroundTraffic implements AutoCloseable {
    private final String url;
    private final long pauseMillis;
    private final AtomicLong ok = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private BackgroundTraffic(String url, long pauseMillis) {
        this.url = url;
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::loop, "it-traffic");
        thread.setDaemon(true);
    }

    /** Starts requesting {@code url}, pausing {@code pauseMillis} between requests. */
    public static BackgroundTraffic start(String url, long pauseMillis) {
        BackgroundTraffic traffic = new BackgroundTraffic(url, pauseMillis);
        traffic.thread.start();
        return traffic;
    }

    private void loop() {
        while (running) {
            try {
                Http.Response response = Http.tryGet(url);
                if (response.status() == 200) {
                    ok.incrementAndGet();
                } else {
                    failures.add("HTTP " + response.status() + ": " + response.body());
                }
            } catch (IOException e) {
                if (running) {
                    failures.add(e.toString());
                }
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Requests answered with 200 so far. */
    public long ok() {
        return ok.get();
    }

    /** Every failed request so far, described. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
