package dev.perfagent.agent.advise.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.config.CircuitBreakerConfig;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.ObserveKeysConfig;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.layer.breaker.CircuitBreakerSettings;
import dev.perfagent.agent.layer.breaker.ExceptionLists;
import dev.perfagent.agent.layer.breaker.WindowSpec;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The source differences real sites' counters window by window and finds their worst seconds. */
class SiteEvidenceSourceTest {
    private static final AgentLog LOG = AgentLog.toStderr(AgentLog.Level.ERROR);
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final SiteRegistry registry = new SiteRegistry(now::get, LOG, site -> { });

    private static RuleConfig timed(String name) {
        return new RuleConfig(name, List.of(MethodPattern.parse("a.Service#*(..)")), Optional.empty(),
                Optional.empty(), new ConfigLocation("t.yaml", 1, 1));
    }

    private static RuleConfig withBreaker(String name) {
        CircuitBreakerSettings settings = new CircuitBreakerSettings(WindowSpec.count(2), 50, Duration.ofSeconds(1),
                100, 2, Duration.ofSeconds(30), 1, Duration.ofSeconds(30), true, ExceptionLists.DEFAULT);
        return new RuleConfig(name, List.of(MethodPattern.parse("a.Client#fetch(..)")), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(new CircuitBreakerConfig(settings, Optional.empty())),
                Optional.empty(), Optional.empty(), new ConfigLocation("t.yaml", 2, 1));
    }

    private static void calls(Site site, int count, int failed, long nanos) {
        for (int i = 0; i < count; i++) {
            site.timing().record(nanos, i < failed);
        }
    }

    @Test
    void eachWindowHoldsOnlyWhatHappenedSinceThePrevious() {
        Site site = registry.register(timed("service"), "a.Service#handle(java.lang.String)");
        calls(site, 50, 5, 2_000_000L); // before the source: not in its first window
        SiteEvidenceSource source = SiteEvidenceSource.of(registry, now::get);

        calls(site, 100, 10, 4_000_000L);
        now.addAndGet(60 * SECOND);
        SiteWindow first = source.window().sites().get(0);
        assertEquals(100, first.calls());
        assertEquals(10, first.errors());
        assertEquals(4_000_000.0, first.meanNanos());
        assertEquals(60 * SECOND, first.lengthNanos());
        assertEquals(100 * 4_000_000.0 / (60 * SECOND), first.meanConcurrency(), 1e-12);
        assertEquals(List.of("time"), first.layers());

        calls(site, 30, 0, 1_000_000L);
        now.addAndGet(30 * SECOND);
        SiteEvidence second = source.window();
        assertEquals(30 * SECOND, second.lengthNanos());
        assertEquals(30, second.sites().get(0).calls());
        assertEquals(0, second.sites().get(0).errors());
    }

    @Test
    void theWorstSecondIsTheSampleWithTheMostErrors() {
        Site site = registry.register(timed("service"), "a.Service#handle(java.lang.String)");
        SiteEvidenceSource source = SiteEvidenceSource.of(registry, now::get);
        int[][] seconds = {{100, 1}, {100, 0}, {40, 30}, {100, 2}};
        for (int[] second : seconds) {
            calls(site, second[0], second[1], 1_000_000L);
            now.addAndGet(SECOND);
            source.sample();
        }
        SiteWindow window = source.window().sites().get(0);
        assertEquals(new SecondCounts(40, 30, 0), window.worstErrorSecond());
        assertEquals(340, window.calls());
        // The next window starts afresh.
        calls(site, 10, 0, 1_000_000L);
        now.addAndGet(SECOND);
        assertEquals(SecondCounts.NONE, source.window().sites().get(0).worstErrorSecond());
    }

    @Test
    void aSiteWovenDuringTheWindowCountsFromZeroAndItsBreakerFromItsOwnFigures() {
        SiteEvidenceSource source = SiteEvidenceSource.of(registry, now::get);
        Site client = registry.register(withBreaker("client"), LayerTarget.of("client",
                "a.Client#fetch(java.lang.String)", "java.lang.String", List.of("java.lang.String")), null);
        for (int i = 0; i < 2; i++) {
            LayeredCall call = (LayeredCall) client.chain().enter(null, new Object[] {"k"}, now.get());
            call.exit(null, new IOException("down"));
            client.timing().record(1_000_000L, true);
        }
        now.addAndGet(SECOND);
        SiteWindow window = source.window().sites().get(0);
        assertEquals(2, window.calls());
        BreakerFigures breaker = window.breaker().orElseThrow();
        assertEquals(2, breaker.recorded());
        assertEquals(2, breaker.failures());
        assertEquals(1, breaker.opened());
        assertTrue(window.has("circuit-breaker"));

        now.addAndGet(SECOND);
        BreakerFigures quiet = source.window().sites().get(0).breaker().orElseThrow();
        assertEquals(new BreakerFigures(0, 0, 0, 0, 0, 0), quiet);
    }

    @Test
    void observedKeysGiveTheShadowsFiguresOfTheWindow() {
        RuleConfig rule = new RuleConfig("service", List.of(MethodPattern.parse("a.Service#embed(..)")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new ObserveKeysConfig(100, 1.0, false)), new ConfigLocation("t.yaml", 3, 1));
        Site site = registry.register(rule, LayerTarget.of("service", "a.Service#embed(java.lang.String)",
                "float[]", List.of("java.lang.String")), null);
        SiteEvidenceSource source = SiteEvidenceSource.of(registry, now::get);
        for (String key : new String[] {"a", "b", "a", "a"}) {
            call(site, key);
        }
        now.addAndGet(SECOND);
        assertEquals(new ShadowCacheFigures(4, 2, 100, 1.0), source.window().sites().get(0).shadow().orElseThrow());
        call(site, "b");
        now.addAndGet(SECOND);
        assertEquals(new ShadowCacheFigures(1, 1, 100, 1.0), source.window().sites().get(0).shadow().orElseThrow());
    }

    /** One call through the site's chain, as the woven method makes it. */
    private void call(Site site, String key) {
        LayeredCall call = (LayeredCall) site.chain().enter(null, new Object[] {key}, now.get());
        call.exit(new float[0], null);
        site.timing().record(1_000L, false);
    }

    @Test
    void eachWindowCarriesTheDevicesReadBesideTheSites() {
        List<dev.perfagent.gpu.DeviceInfo> cpu = List.of(new dev.perfagent.gpu.DeviceInfo("cpu", 0, "Xeon", "", 4,
                16L << 30, 8L << 30));
        AtomicLong load = new AtomicLong(20);
        DeviceWindow devices = new DeviceWindow(() -> cpu, () -> List.of(new dev.perfagent.gpu.DeviceReading("cpu", 0,
                load.get() / 100.0, load.get() / 200.0, 8L << 30, Double.NaN, Double.NaN, Double.NaN)));
        SiteEvidenceSource source = SiteEvidenceSource.of(registry, now::get, devices);
        source.sample();
        load.set(40);
        source.sample();
        now.addAndGet(60 * SECOND);
        SiteEvidence window = source.window();   // samples once more, at 40%
        DeviceFigures device = window.batchDevice().orElseThrow();
        assertEquals("the CPU (Xeon)", device.label());
        assertEquals((0.2 + 0.4 + 0.4) / 3, device.busyRatio(), 1e-9);
        assertEquals(3, device.samples());
        assertTrue(SiteEvidenceSource.of(registry, now::get).window().devices().isEmpty(), "none without devices");
    }
}
