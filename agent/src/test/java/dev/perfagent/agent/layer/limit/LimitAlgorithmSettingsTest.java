package dev.perfagent.agent.layer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LimitAlgorithmSettingsTest {

    @Test
    void defaultsAreNetflixs() {
        assertEquals(new Gradient2Settings(20, 20, 200, 0.2, 4, 1.5, 600), Gradient2Settings.DEFAULTS);
        assertEquals(new VegasSettings(20, 1, 1000, 1.0, OptionalInt.empty(), OptionalInt.empty(), 30),
                VegasSettings.DEFAULTS);
        assertEquals(new AimdSettings(20, 20, 200, 0.9, Duration.ofSeconds(5)), AimdSettings.DEFAULTS);
    }

    @Test
    void parametersAreTheAlgorithmsConfigKeys() {
        for (LimitAlgorithmSettings settings : List.of(Gradient2Settings.DEFAULTS, VegasSettings.DEFAULTS,
                AimdSettings.DEFAULTS, new FixedSettings(5))) {
            assertEquals(settings.kind().parameterKeys(), List.copyOf(settings.parameters().keySet()));
            assertEquals(settings.kind(), settings.create().kind());
        }
        assertEquals("3*log10(limit)", VegasSettings.DEFAULTS.parameters().get("alpha"));
        assertEquals("5s", AimdSettings.DEFAULTS.parameters().get("timeout"));
    }

    @Test
    void rejectsWhatTheAlgorithmsCannotRunWith() {
        assertThrows(IllegalArgumentException.class, () -> new Gradient2Settings(5, 10, 200, 0.2, 4, 1.5, 600));
        assertThrows(IllegalArgumentException.class, () -> new Gradient2Settings(20, 20, 200, 0, 4, 1.5, 600));
        assertThrows(IllegalArgumentException.class, () -> new Gradient2Settings(20, 20, 200, 0.2, 4, 0.9, 600));
        assertThrows(IllegalArgumentException.class, () -> new VegasSettings(20, 1, 1000, 1.0, OptionalInt.of(6),
                OptionalInt.of(3), 30));
        assertThrows(IllegalArgumentException.class, () -> new AimdSettings(20, 20, 200, 1.0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new FixedSettings(0));
        assertThrows(IllegalArgumentException.class, () -> new FixedSettings(LimitAlgorithmSettings.MAX_LIMIT + 1));
    }
}
