package dev.perfagent.agent.advise.evidence;

import java.util.List;
import java.util.Map;

/**
 * Sampled allocation over the window ({@code jdk.ObjectAllocationSample} weights, or async-profiler
 * allocation samples), in bytes.
 *
 * @param samples allocation samples
 * @param totalBytes the bytes the samples stand for
 * @param bySite bytes per allocation site: the application frame nearest the allocation
 * @param byClass bytes per allocated class
 * @param boxingBytes bytes of boxed primitives allocated by their {@code valueOf}
 * @param boxingBySite boxing bytes per allocation site
 * @param byStack bytes per allocated class and stack: the class, then the frames leaf first, joined
 *     by {@code " <- "} ({@code byte[] <- java.util.Arrays#copyOf <- app.Buf#grow}), for a leak
 *     candidate's stack
 * @param survivorsBySite bytes of the objects sampled at their allocation that were still alive when last looked
 *     at (JFR's leak profiler, {@code jdk.OldObjectSample}), per allocation site: where a growing live set comes
 *     from
 * @param survivorsByStack the same survivors per class and stack, keyed as {@code byStack}
 * @param survivorSamples how many survivors the leak profiler reported: a handful of samples names a site by chance
 */
public record Allocations(long samples, long totalBytes, Map<String, Long> bySite, Map<String, Long> byClass,
        long boxingBytes, Map<String, Long> boxingBySite, Map<String, Long> byStack,
        Map<String, Long> survivorsBySite, Map<String, Long> survivorsByStack, long survivorSamples) {
    /** No samples. */
    public static final Allocations NONE = new Allocations(0, 0, Map.of(), Map.of(), 0, Map.of(), Map.of(), Map.of(),
            Map.of(), 0);

    /** Copies the maps. */
    public Allocations {
        bySite = Map.copyOf(bySite);
        byClass = Map.copyOf(byClass);
        boxingBySite = Map.copyOf(boxingBySite);
        byStack = Map.copyOf(byStack);
        survivorsBySite = Map.copyOf(survivorsBySite);
        survivorsByStack = Map.copyOf(survivorsByStack);
    }

    /** Allocation without survivor samples. */
    public Allocations(long samples, long totalBytes, Map<String, Long> bySite, Map<String, Long> byClass,
            long boxingBytes, Map<String, Long> boxingBySite, Map<String, Long> byStack) {
        this(samples, totalBytes, bySite, byClass, boxingBytes, boxingBySite, byStack, Map.of(), Map.of(), 0);
    }

    /** Bytes of the survivor samples in all. */
    public long survivors() {
        return survivorsBySite.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sites by bytes, most first. */
    public List<String> sitesByBytes() {
        return CpuProfile.ranked(bySite);
    }

    /** The heaviest stack, or {@code null}. */
    public String heaviestStack() {
        List<String> ranked = CpuProfile.ranked(byStack);
        return ranked.isEmpty() ? null : ranked.get(0);
    }
}
