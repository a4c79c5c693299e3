package dev.perfagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.config.TimeConfig;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.bootstrap.Hooks;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentDispatcherTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);

    @AfterEach
    void uninstall() {
        Hooks.install(null);
    }

    private Site site(SiteRegistry registry) {
        RuleConfig rule = new RuleConfig("r", List.of(MethodPattern.parse("a.B#c(..)")),
                Optional.of(new TimeConfig(Optional.of(Duration.ofNanos(500)))), Optional.empty(),
                new ConfigLocation("t.yaml", 1, 1));
        return registry.register(rule, "a.B#c()");
    }

    @Test
    void recordsElapsedTimeAndOutcomeThroughHooks() {
        SiteRegistry registry = new SiteRegistry(clock::get, AgentLog.toStderr(AgentLog.Level.WARN), s -> { });
        Site site = site(registry);
        Hooks.install(new AgentDispatcher(registry, clock::get, AgentLog.toStderr(AgentLog.Level.ERROR)));

        long token = Hooks.enter(site.id());
        clock.addAndGet(700);
        Hooks.exit(site.id(), token, new IllegalStateException());
        token = Hooks.enter(site.id());
        clock.addAndGet(300);
        Hooks.exit(site.id(), token, null);

        assertEquals(2, site.calls());
        assertEquals(1, site.errors());
        assertEquals(1, site.sloViolations());
        assertEquals(1000, site.totalNanos());
    }

    @Test
    void unknownSitesAreIgnored() {
        SiteRegistry registry = new SiteRegistry(clock::get, AgentLog.toStderr(AgentLog.Level.WARN), s -> { });
        AgentDispatcher dispatcher = new AgentDispatcher(registry, clock::get, AgentLog.toStderr(AgentLog.Level.ERROR));
        Hooks.install(dispatcher);
        long token = Hooks.enter(42);
        Hooks.exit(42, token, null);
        assertEquals(0, dispatcher.faults());
    }

    @Test
    void theTimingPathAllocatesNothing() {
        SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.WARN), s -> { });
        Site site = site(registry);
        Hooks.install(new AgentDispatcher(registry, System::nanoTime, AgentLog.toStderr(AgentLog.Level.ERROR)));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {      // warm up: thread-local state, JIT
            Hooks.exit(site.id(), Hooks.enter(site.id()), null);
        }
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < 200_000; i++) {
            Hooks.exit(site.id(), Hooks.enter(site.id()), null);
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        // One allocation per call would be >= 16 bytes x 200k = 3.2 MB; what remains here is JIT and
        // safepoint bookkeeping that the JVM charges to the thread, independent of the call count.
        assertTrue(allocated < 64 * 1024, "200k timed calls allocated " + allocated + " bytes");
        assertEquals(220_000, site.calls());
    }
}
