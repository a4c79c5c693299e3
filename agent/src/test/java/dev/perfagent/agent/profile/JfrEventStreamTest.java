package dev.perfagent.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JfrEventStreamTest {

    @Test
    void allocationsAreSampledAtTwentyASecondUnlessAWindowIsTooShortToGatherEnough() {
        assertEquals(20, JfrEventStream.allocationRate(Duration.ofSeconds(60)));
        assertEquals(20, JfrEventStream.allocationRate(Duration.ofSeconds(12)));
        assertEquals(22, JfrEventStream.allocationRate(Duration.ofSeconds(11)));
        assertEquals(60, JfrEventStream.allocationRate(Duration.ofSeconds(4)));
        assertEquals(240, JfrEventStream.allocationRate(Duration.ofMillis(500)));
    }
}
