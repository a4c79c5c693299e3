package dev.perfagent.agent.layer.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TimingRecorderTest {
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));

    private TimingRecorder recorder(Duration slo) {
        return new TimingRecorder(slo, Duration.ofSeconds(60), 6, now::get);
    }

    @Test
    void countsCallsErrorsAndSloViolations() {
        TimingRecorder recorder = recorder(Duration.ofMillis(10));
        recorder.record(TimeUnit.MILLISECONDS.toNanos(5), false);
        recorder.record(TimeUnit.MILLISECONDS.toNanos(10), true);   // equal to the SLO: not a violation
        recorder.record(TimeUnit.MILLISECONDS.toNanos(11), false);
        assertEquals(3, recorder.calls());
        assertEquals(1, recorder.errors());
        assertEquals(1, recorder.sloViolations());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(26), recorder.totalNanos());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), recorder.sloNanos().getAsLong());
    }

    @Test
    void withoutSloNothingIsAViolation() {
        TimingRecorder recorder = recorder(null);
        recorder.record(TimeUnit.SECONDS.toNanos(30), false);
        assertEquals(0, recorder.sloViolations());
        assertTrue(recorder.sloNanos().isEmpty());
    }

    @Test
    void percentilesComeFromTheRecentWindowOnly() {
        TimingRecorder recorder = recorder(null);
        for (int i = 0; i < 100; i++) {
            recorder.record(TimeUnit.MILLISECONDS.toNanos(100), false);
        }
        recorder.drain();
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        for (int i = 1; i <= 100; i++) {
            recorder.record(TimeUnit.MICROSECONDS.toNanos(i), false);
        }
        Histogram both = recorder.recentLatency();
        assertEquals(200, both.getTotalCount());
        assertEquals(100, TimeUnit.NANOSECONDS.toMillis(both.getMaxValue()), 1);

        // 61 s later the first slot (the 100 ms calls) has left the one-minute window.
        now.addAndGet(TimeUnit.SECONDS.toNanos(31));
        Histogram recent = recorder.recentLatency();
        assertEquals(100, recent.getTotalCount());
        assertEquals(50_000, recent.getValueAtPercentile(50), 50_000 * 0.01);
        // Counters are cumulative, unlike the window.
        assertEquals(200, recorder.calls());
    }

    @Test
    void everythingLeavesTheWindowAfterAQuietMinute() {
        TimingRecorder recorder = recorder(null);
        recorder.record(1_000, false);
        recorder.drain();   // the control loop drains every few seconds
        now.addAndGet(TimeUnit.SECONDS.toNanos(70));
        assertEquals(0, recorder.recentLatency().getTotalCount());
    }

    @Test
    void outOfRangeValuesAreClampedNotLost() {
        TimingRecorder recorder = recorder(null);
        recorder.record(-5, false);
        recorder.record(TimeUnit.HOURS.toNanos(3), false);
        Histogram latency = recorder.recentLatency();
        assertEquals(2, latency.getTotalCount());
        assertTrue(latency.getMaxValue() >= TimeUnit.HOURS.toNanos(1) * 0.99);
    }
}
