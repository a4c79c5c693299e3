package dev.perfagent.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes the agent's threads: daemons named {@code perf-agent-<role>}, so none keeps the host alive. */
final class AgentThreads implements ThreadFactory {
    private final String role;
    private final AtomicInteger count = new AtomicInteger();

    AgentThreads(String role) {
        this.role = role;
    }

    @Override
    public Thread newThread(Runnable task) {
        int n = count.incrementAndGet();
        Thread thread = new Thread(task, "perf-agent-" + role + (n == 1 ? "" : "-" + n));
        thread.setDaemon(true);
        thread.setContextClassLoader(AgentThreads.class.getClassLoader());
        return thread;
    }
}
