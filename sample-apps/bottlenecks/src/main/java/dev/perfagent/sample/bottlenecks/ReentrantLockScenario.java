package dev.perfagent.sample.bottlenecks;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code reentrant-lock}: every request updates one of 100 sessions in one shared {@link SessionTable}.
 * Beside it sits an idle {@link ThreadPoolExecutor} ({@value #IDLE_POOL_THREADS} started threads named
 * {@code idle-pool-N}, never given a task): its workers park in {@code LinkedBlockingQueue.take()} for the
 * whole run, the harmless wait a lock detector must tell apart from the contended lock.
 */
final class ReentrantLockScenario implements Scenario {
    static final long HOLD_NANOS = 1_000_000;
    static final int IDLE_POOL_THREADS = 4;
    private static final int SESSIONS = 100;

    private final SessionTable table = new SessionTable(HOLD_NANOS);
    private final ThreadPoolExecutor idlePool = new ThreadPoolExecutor(IDLE_POOL_THREADS, IDLE_POOL_THREADS,
            0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), new NamedDaemonThreads("idle-pool"));
    private final String[] sessionIds = new String[SESSIONS];

    ReentrantLockScenario() {
        for (int i = 0; i < SESSIONS; i++) {
            sessionIds[i] = "session-" + i;
        }
        idlePool.prestartAllCoreThreads();
    }

    @Override
    public void request() {
        table.update(sessionIds[ThreadLocalRandom.current().nextInt(SESSIONS)]);
    }

    @Override
    public void close() {
        idlePool.shutdownNow();
    }
}
