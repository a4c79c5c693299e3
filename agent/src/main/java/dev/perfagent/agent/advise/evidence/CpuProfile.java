package dev.perfagent.agent.advise.evidence;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * CPU samples of a window, per method ({@code class#method}): self (the method was on top) and total
 * (the method was anywhere on the stack, counted once per sample), plus the caller-to-callee edges so
 * a detector can tell a method that does the work from one that only passes the call on.
 *
 * @param samples all samples of the window
 * @param self samples with the method on top
 * @param total samples with the method anywhere on the stack
 * @param callees per caller, the samples that went through each callee
 */
public record CpuProfile(long samples, Map<String, Long> self, Map<String, Long> total,
        Map<String, Map<String, Long>> callees) {
    /** No samples. */
    public static final CpuProfile NONE = new CpuProfile(0, Map.of(), Map.of(), Map.of());

    /** Copies the maps. */
    public CpuProfile {
        self = Map.copyOf(self);
        total = Map.copyOf(total);
        callees = Map.copyOf(callees);
    }

    /** The method's self share with its confidence interval. */
    public SampledShare selfShare(String method) {
        return new SampledShare(self.getOrDefault(method, 0L), samples);
    }

    /** The method's total share with its confidence interval. */
    public SampledShare totalShare(String method) {
        return new SampledShare(total.getOrDefault(method, 0L), samples);
    }

    /** Methods by self samples, most first. */
    public List<String> bySelf() {
        return ranked(self);
    }

    /** Methods by total samples, most first. */
    public List<String> byTotal() {
        return ranked(total);
    }

    /** The callee that carried most of the method's samples, or {@code null}. */
    public Map.Entry<String, Long> hottestCallee(String method) {
        return callees.getOrDefault(method, Map.of()).entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElse(null);
    }

    /** Keys by count, most first (ties by key, so the order is stable). */
    public static List<String> ranked(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
