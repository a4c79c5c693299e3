package dev.perfagent.agent.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Levenshtein distance, to suggest the key a user most likely meant. */
final class EditDistance {

    /** Suggestions further away than this are more confusing than helpful. */
    static final int MAX_SUGGESTION_DISTANCE = 2;

    private EditDistance() {
    }

    /** Insertions, deletions and substitutions that turn {@code a} into {@code b}. */
    static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The candidate closest to {@code word}, if within {@link #MAX_SUGGESTION_DISTANCE} edits and
     * shorter than a complete rewrite; the first in order wins a tie.
     */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            // Keys are case-sensitive, but 'Service' for 'service' is still the likeliest slip.
            int distance = between(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance && distance <= MAX_SUGGESTION_DISTANCE && distance < candidate.length()) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }
}
