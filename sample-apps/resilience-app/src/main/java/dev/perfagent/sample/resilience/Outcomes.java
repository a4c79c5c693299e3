package dev.perfagent.sample.resilience;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-call outcomes of one method over one reporting period: "ok" or the simple name of what it threw. */
final class Outcomes {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder calls = new LongAdder();

    void ok(long elapsedNanos) {
        add("ok", elapsedNanos);
    }

    void failed(Throwable t, long elapsedNanos) {
        add(t.getClass().getSimpleName(), elapsedNanos);
    }

    private void add(String outcome, long elapsedNanos) {
        counts.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        nanos.add(elapsedNanos);
        calls.increment();
    }

    /** {@code "ok":12,"SocketTimeoutException":3,"calls":15,"meanMicros":40.5} for this period, and resets. */
    String drainJson() {
        Map<String, Long> now = new TreeMap<>();
        counts.forEach((k, v) -> now.put(k, v.sumThenReset()));
        long n = calls.sumThenReset();
        long total = nanos.sumThenReset();
        StringBuilder json = new StringBuilder();
        now.forEach((k, v) -> json.append('"').append(k).append("\":").append(v).append(','));
        json.append("\"calls\":").append(n).append(",\"meanMicros\":")
                .append(n == 0 ? 0 : Math.round(total / 1000.0 / n * 10) / 10.0);
        return json.toString();
    }
}
