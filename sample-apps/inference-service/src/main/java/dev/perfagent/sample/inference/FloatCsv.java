package dev.perfagent.sample.inference;

import java.util.ArrayList;
import java.util.List;

/** The wire format of {@code /score}: finite floats separated by commas, e.g. {@code 0.5,-1,2e-3}. */
public final class FloatCsv {

  private FloatCsv() {}

  /**
   * @param text comma-separated values; whitespace around each value is ignored
   * @return the parsed values
   * @throws IllegalArgumentException naming the first value that is not a finite float
   */
  public static float[] parse(String text) {
    List<String> parts = split(text);
    float[] values = new float[parts.size()];
    for (int i = 0; i < values.length; i++) {
      String part = parts.get(i).trim();
      float value;
      try {
        value = Float.parseFloat(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("value " + i + " is not a number: '" + abbreviate(part) + "'");
      }
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("value " + i + " is not finite: '" + abbreviate(part) + "'");
      }
      values[i] = value;
    }
    return values;
  }

  /** @return the values joined with commas, each in its shortest round-trip form */
  public static String format(float[] values) {
    StringBuilder out = new StringBuilder(values.length * 12);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(values[i]);
    }
    return out.toString();
  }

  // String.split would drop trailing empty values and hide a malformed "1,2," body.
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ',') {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return parts;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
