package dev.perfagent.agent.profile;

/** A thread that spends its time in one named method until closed, and allocates as it goes. */
final class BusyThread implements AutoCloseable {
    private volatile boolean running = true;
    private volatile double sink;
    private volatile Object[] garbage;
    private final Thread thread = new Thread(this::spin, "busy-profiled-thread");

    BusyThread() {
        thread.setDaemon(true);
        thread.start();
    }

    private void spin() {
        while (running) {
            burnCpuInProfiledMethod();
        }
    }

    /** The method the profile must show. */
    private void burnCpuInProfiledMethod() {
        double x = sink;
        for (int i = 0; i < 200_000; i++) {
            x += Math.sqrt(x + i);
        }
        // Enough allocation (tens of MB/s) for JFR's allocation sampler to pick some within seconds.
        garbage = new Object[] {new byte[64 * 1024], String.valueOf(x)};
        sink = x;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
