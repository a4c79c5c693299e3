package dev.perfagent.agent.profile;

/** Reads async-profiler's {@code collapsed} text: {@code frame;frame;leaf count} per line. */
public final class CollapsedText {

    private CollapsedText() {
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
