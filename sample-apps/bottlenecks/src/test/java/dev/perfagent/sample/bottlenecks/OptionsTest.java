package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsComeFromTheScenario() {
        Options options = Options.parse("single-calls");
        assertEquals(ScenarioType.SINGLE_CALLS, options.scenario());
        assertEquals(16, options.threads());
        assertEquals(0, options.seconds());
        assertEquals(Options.DEFAULT_LEAK_KIB_PER_SECOND, options.leakKibPerSecond());
    }

    @Test
    void optionsOverrideTheDefaults() {
        Options options = Options.parse("leak", "--threads", "3", "--seconds", "30", "--leak-kib-per-second", "512");
        assertEquals(new Options(ScenarioType.LEAK, 3, 30, 512), options);
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("nope")).getMessage()
                .contains("nope"));
        assertThrows(IllegalArgumentException.class, Options::parse);
        assertThrows(IllegalArgumentException.class, () -> Options.parse("healthy", "--threads"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("healthy", "--threads", "0"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("healthy", "--seconds", "x"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("healthy", "--speed", "1"));
    }

    @Test
    void everyScenarioHasAUniqueCliName() {
        for (ScenarioType type : ScenarioType.values()) {
            assertEquals(type, ScenarioType.byCliName(type.cliName()).orElseThrow());
            assertTrue(Options.usage().contains(type.cliName()));
        }
    }
}
