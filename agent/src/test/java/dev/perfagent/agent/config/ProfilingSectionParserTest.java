package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfilingSectionParserTest {

    private static ProfilingConfig profiling(String yaml, Map<String, String> properties) throws ConfigException {
        return ConfigLoader.parse(yaml, "perf-agent.yaml", properties, Map.of()).profiling();
    }

    @Test
    void offWithoutTheSectionOnWithIt() throws ConfigException {
        assertFalse(profiling("service: x\n", Map.of()).enabled());
        assertEquals(ProfilingConfig.defaults(), profiling("service: x\n", Map.of()));
        ProfilingConfig named = profiling("profiling:\n", Map.of());
        assertTrue(named.enabled());
        assertEquals(new ProfilingConfig(true, ProfilingConfig.Cpu.AUTO, Duration.ofMillis(10), true, true, false,
                Duration.ofMillis(10), Duration.ofSeconds(60), 2.0, Optional.empty()), named);
        assertTrue(profiling("profiling: {}\n", Map.of()).enabled());
        assertFalse(profiling("profiling: { enabled: false, cpu: jfr }\n", Map.of()).enabled());
    }

    @Test
    void readsEveryKey() throws ConfigException {
        ProfilingConfig config = profiling("profiling:\n  cpu: async-profiler\n  interval: 20ms\n  alloc: false\n"
                + "  locks: false\n  wall: true\n  io-threshold: 5ms\n  window: 30s\n  max-overhead: 1.5%\n"
                + "  native-dir: /opt/perf-agent/lib\n", Map.of());
        assertEquals(new ProfilingConfig(true, ProfilingConfig.Cpu.ASYNC_PROFILER, Duration.ofMillis(20), false, false,
                true, Duration.ofMillis(5), Duration.ofSeconds(30), 1.5, Optional.of(Path.of("/opt/perf-agent/lib"))),
                config);
    }

    @Test
    void overridesReachEveryKeyAndCanTurnProfilingOn() throws ConfigException {
        ProfilingConfig config = profiling("service: x\n", Map.of("perfagent.profiling.enabled", "true",
                "perfagent.profiling.cpu", "jfr", "perfagent.profiling.window", "2s"));
        assertTrue(config.enabled());
        assertEquals(ProfilingConfig.Cpu.JFR, config.cpu());
        assertEquals(Duration.ofSeconds(2), config.window());
    }

    @Test
    void problemsNameLineColumnAndKey() {
        assertEquals(List.of("perf-agent.yaml:1:19: profiling.cpu: unknown value 'perf' (expected one of auto,"
                        + " async-profiler, perf-events, ctimer, itimer, jfr, off)"),
                problems("profiling: { cpu: perf }\n"));
        assertEquals(List.of("perf-agent.yaml:2:13: profiling.interval: must be from 1ms to 1s, got '100us'"),
                problems("profiling:\n  interval: 100us\n"));
        assertEquals(List.of("perf-agent.yaml:2:11: profiling.window: must be from 1s to 1h, got '500ms'"),
                problems("profiling:\n  window: 500ms\n"));
        assertEquals(List.of("perf-agent.yaml:2:17: profiling.max-overhead: expected a percentage such as 50%,"
                        + " got '2'"),
                problems("profiling:\n  max-overhead: 2\n"));
        assertEquals(List.of("perf-agent.yaml:2:3: profiling.wal: unknown key; did you mean 'wall'? (allowed keys:"
                        + " enabled, cpu, interval, alloc, locks, wall, io-threshold, window, max-overhead, native-dir)"),
                problems("profiling:\n  wal: true\n"));
    }
}
