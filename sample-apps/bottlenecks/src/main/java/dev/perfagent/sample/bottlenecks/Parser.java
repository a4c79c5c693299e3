package dev.perfagent.sample.bottlenecks;

/**
 * The {@code exception-storm} bottleneck: {@link #parseQuantity(String)} tries {@link Integer#parseInt}
 * first and falls back to reading leading digits when it throws. Most real inputs carry a unit
 * ({@code "12 pcs"}), so the {@link NumberFormatException} (a new one, with a filled-in stack trace, each
 * time) is the common path: exceptions as control flow.
 */
public final class Parser {

    /**
     * The quantity {@code text} states: a plain integer ({@code "12"}, {@code "-3"}) as such; otherwise
     * the digits it starts with, after leading spaces ({@code "12 pcs"} is 12); 0 when there are none
     * ({@code "n/a"}, {@code ""}, {@code null}).
     */
    public int parseQuantity(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notPlain) {
            return leadingDigits(text);
        }
    }

    private static int leadingDigits(String text) {
        if (text == null) {
            return 0;
        }
        String stripped = text.strip();
        int quantity = 0;
        for (int i = 0; i < stripped.length() && quantity < 100_000_000; i++) {
            char c = stripped.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            quantity = quantity * 10 + (c - '0');
        }
        return quantity;
    }
}
