package dev.perfagent.sample.inference;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Parses command-line durations such as {@code 10s}, {@code 500ms}, {@code 1m}, {@code 1.5s}. */
public final class DurationArgument {

  private DurationArgument() {}

  /**
   * Accepted units: {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}. A unit is
   * required, since a bare number is ambiguous.
   *
   * @throws IllegalArgumentException if the text is not a non-negative number followed by a unit
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    int unitStart = 0;
    while (unitStart < s.length() && (Character.isDigit(s.charAt(unitStart)) || s.charAt(unitStart) == '.')) {
      unitStart++;
    }
    String number = s.substring(0, unitStart);
    String unit = s.substring(unitStart);
    long nanosPerUnit;
    switch (unit) {
      case "ns": nanosPerUnit = 1L; break;
      case "us": nanosPerUnit = 1_000L; break;
      case "ms": nanosPerUnit = 1_000_000L; break;
      case "s": nanosPerUnit = 1_000_000_000L; break;
      case "m": nanosPerUnit = 60_000_000_000L; break;
      case "h": nanosPerUnit = 3_600_000_000_000L; break;
      default:
        throw new IllegalArgumentException(
            "bad duration '" + text + "': expected a number and a unit (ns, us, ms, s, m, h), e.g. 10s");
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad duration '" + text + "': '" + number + "' is not a number");
    }
    try {
      return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("bad duration '" + text + "': out of range or below 1ns");
    }
  }
}
