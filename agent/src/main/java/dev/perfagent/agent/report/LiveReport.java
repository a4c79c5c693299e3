package dev.perfagent.agent.report;

import dev.perfagent.agent.profile.SampleKind;
import dev.perfagent.export.report.AdviceReport;
import dev.perfagent.export.report.ProfilingStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the live agent's report shows, taken at one moment: the latest window's recommendations and stacks,
 * and the profiler's state.
 *
 * @param service the monitored service
 * @param generatedAt when the report was taken
 * @param advice the latest window's recommendations ({@code state} says when there is no window yet, or no
 *     profiling)
 * @param profiling the profiler's state, or {@code null} when profiling is off
 * @param stacks the latest window's collapsed stacks per kind; kinds without samples are absent
 */
public record LiveReport(String service, Instant generatedAt, AdviceReport advice, ProfilingStatus profiling,
                         Map<SampleKind, String> stacks) {

    /** The order the report shows the kinds in: CPU and allocation first. */
    static final List<SampleKind> KINDS = List.of(SampleKind.CPU, SampleKind.ALLOC, SampleKind.LOCK, SampleKind.WALL);

    /** Checks the required parts; copies the stacks, leaving out empty texts. */
    public LiveReport {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(advice, "advice");
        Map<SampleKind, String> copy = new EnumMap<>(SampleKind.class);
        if (stacks != null) {
            stacks.forEach((kind, text) -> {
                if (text != null && !text.isBlank()) {
                    copy.put(kind, text);
                }
            });
        }
        stacks = Collections.unmodifiableMap(copy);
    }

    /** A heading for a kind's profile, with what its samples count. */
    static String title(SampleKind kind) {
        return switch (kind) {
            case CPU -> "CPU (samples of threads on CPU)";
            case ALLOC -> "Allocation (sampled allocations)";
            case LOCK -> "Lock contention (contended monitor enters)";
            case WALL -> "Wall clock (samples of every thread)";
        };
    }
}
