package dev.perfagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigDurationFormatTest {

    @ParameterizedTest(name = "{0} = {1}ns")
    @CsvSource(delimiter = '|', textBlock = """
            250ns   | 250
            500us   | 500000
            500µs   | 500000
            100ms   | 100000000
            2s      | 2000000000
            1.5s    | 1500000000
            0.5ms   | 500000
            10m     | 600000000000
            1h      | 3600000000000
            0ms     | 0
            100 ms  | 100000000
            2562047h | 9223369200000000000
            """)
    void parses(String text, long nanos) throws InvalidValueException {
        assertEquals(Duration.ofNanos(nanos), DurationFormat.parse(text));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            fast    | invalid duration 'fast' (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)
            100     | invalid duration '100': a unit is required (ns, us, ms, s, m, h — e.g. 100ms)
            1.5     | invalid duration '1.5': a unit is required (ns, us, ms, s, m, h — e.g. 1.5ms)
            -5ms    | invalid duration '-5ms' (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)
            5 sec   | invalid duration '5 sec' (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)
            1d      | invalid duration '1d' (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)
            .5s     | invalid duration '.5s' (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)
            ms      | invalid duration 'ms' (expected a number with a unit: ns, us, ms, s, m, h — e.g. 100ms)
            1.5ns   | invalid duration '1.5ns': finer than a nanosecond
            9999999h | duration too long: '9999999h'
            """)
    void rejects(String text, String message) {
        assertEquals(message, assertThrows(InvalidValueException.class, () -> DurationFormat.parse(text)).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0ms", "250ns", "500us", "100ms", "1500ms", "2s", "90s", "10m", "1h"})
    void formatsBackToTheSameText(String text) throws InvalidValueException {
        assertEquals(text, DurationFormat.format(DurationFormat.parse(text)));
    }
}
