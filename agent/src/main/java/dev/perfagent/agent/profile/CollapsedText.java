package dev.perfagent.agent.profile;

/** Reads async-profiler's {@code collapsed} text: {@code frame;frame;leaf count} per line. */
public final class CollapsedText {

    /** Receives one stack line: its frames as written ({@code root;...;leaf}) and its count. */
    @FunctionalInterface
    public interface StackVisitor {
        /** One stack with a positive count. */
        void stack(String frames, long count);
    }

    private CollapsedText() {
    }

    /**
     * Calls {@code visitor} for each line that has frames and a positive count, in text order; other lines
     * (blank, no count, a count of zero) are skipped. The count follows the last space, as frame names may
     * hold spaces themselves.
     */
    public static void forEachStack(String collapsed, StackVisitor visitor) {
        for (String line : (Iterable<String>) collapsed.lines()::iterator) {
            String trimmed = line.strip();
            int space = trimmed.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(trimmed.substring(space + 1));
            } catch (NumberFormatException notACount) {
                continue;
            }
            String frames = trimmed.substring(0, space).strip();
            if (count > 0 && !frames.isEmpty()) {
                visitor.stack(frames, count);
            }
        }
    }

    /** The sum of the counts of every line; lines without a count are skipped. */
    public static long totalSamples(String collapsed) {
        long total = 0;
        int lineStart = 0;
        int length = collapsed.length();
        while (lineStart < length) {
            int lineEnd = collapsed.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = length;
            }
            int space = collapsed.lastIndexOf(' ', lineEnd - 1);
            if (space >= lineStart) {
                try {
                    total += Long.parseLong(collapsed.substring(space + 1, lineEnd).trim());
                } catch (NumberFormatException notACount) {
                    // Not a stack line.
                }
            }
            lineStart = lineEnd + 1;
        }
        return total;
    }
}
