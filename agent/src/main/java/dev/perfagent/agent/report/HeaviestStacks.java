package dev.perfagent.agent.report;

import dev.perfagent.agent.profile.CollapsedText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stacks of a collapsed profile with the most samples, for a text report: each with its frames
 * labelled as the report shows them ({@link FrameLabel}) and its share of all samples.
 *
 * @param total samples of every stack
 * @param stacks the heaviest stacks, most samples first (ties in frame order)
 */
public record HeaviestStacks(long total, List<Stack> stacks) {

    /**
     * One stack.
     *
     * @param frames labelled frames, root first, separated by {@code ;}
     * @param samples its samples
     */
    public record Stack(String frames, long samples) {
    }

    /** Copies the list. */
    public HeaviestStacks {
        stacks = List.copyOf(stacks);
    }

    /** The {@code limit} heaviest stacks of {@code collapsed}; stacks that read alike once labelled are one. */
    public static HeaviestStacks of(String collapsed, int limit) {
        Map<String, Long> counts = new HashMap<>();
        long[] total = {0};
        CollapsedText.forEachStack(collapsed, (frames, count) -> {
            StringBuilder labelled = new StringBuilder(frames.length());
            for (String frame : frames.split(";")) {
                labelled.append(labelled.length() == 0 ? "" : ";").append(FrameLabel.of(frame));
            }
            counts.merge(labelled.toString(), count, Long::sum);
            total[0] += count;
        });
        List<Stack> stacks = new ArrayList<>();
        counts.forEach((frames, samples) -> stacks.add(new Stack(frames, samples)));
        stacks.sort(Comparator.comparingLong(Stack::samples).reversed().thenComparing(Stack::frames));
        return new HeaviestStacks(total[0], stacks.subList(0, Math.min(limit, stacks.size())));
    }

    /** The share of all samples a stack holds, in percent. */
    public double percent(Stack stack) {
        return total == 0 ? 0 : 100.0 * stack.samples() / total;
    }
}
