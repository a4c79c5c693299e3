package dev.perfagent.export.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tiny streaming JSON writer: objects, arrays, strings, numbers, booleans and {@code null},
 * written straight to an {@link Appendable} with no whitespace.
 *
 * <p>Strings are escaped as RFC 8259 requires ({@code "}, {@code \} and every control character
 * below U+0020), plus U+2028, U+2029 and unpaired surrogates, which are written as {@code \}{@code
 * uXXXX} escapes; every other character, non-ASCII included, is written as is (encode the
 * output as UTF-8). Non-finite numbers ({@code NaN}, infinities) have no JSON form and are written
 * as {@code null}.
 *
 * <pre>{@code
 * StringBuilder out = new StringBuilder();
 * new JsonWriter(out).beginObject().name("calls").value(42).name("tags").beginArray()
 *     .value("a").endArray().endObject();   // {"calls":42,"tags":["a"]}
 * }</pre>
 *
 * <p>The writer checks the structure: a name outside an object, a value without a name inside an
 * object, an unbalanced end or a second top-level value throw {@link IllegalStateException}. An
 * {@link IOException} from the target is rethrown as {@link UncheckedIOException}. Not
 * thread-safe.
 */
public final class JsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // Scope of each open container, innermost last.
  private static final byte EMPTY_DOCUMENT = 0;
  private static final byte NONEMPTY_DOCUMENT = 1;
  private static final byte EMPTY_ARRAY = 2;
  private static final byte NONEMPTY_ARRAY = 3;
  private static final byte EMPTY_OBJECT = 4;
  private static final byte NONEMPTY_OBJECT = 5;
  private static final byte DANGLING_NAME = 6;

  private final Appendable out;
  private byte[] stack = new byte[8];
  private int depth = 1;

  /**
   * Creates a writer that appends to {@code out}.
   *
   * @param out the target, for example a {@link StringBuilder} or a {@link java.io.Writer}
   */
  public JsonWriter(Appendable out) {
    this.out = Objects.requireNonNull(out, "out");
    stack[0] = EMPTY_DOCUMENT;
  }

  /**
   * Opens an object: <code>&#123;</code>.
   *
   * @return this writer
   */
  public JsonWriter beginObject() {
    beforeValue();
    push(EMPTY_OBJECT);
    return raw('{');
  }

  /**
   * Closes the innermost object: <code>&#125;</code>.
   *
   * @return this writer
   */
  public JsonWriter endObject() {
    byte scope = peek();
    if (scope != EMPTY_OBJECT && scope != NONEMPTY_OBJECT) {
      throw new IllegalStateException(
          scope == DANGLING_NAME ? "name without a value" : "no object to end");
    }
    depth--;
    return raw('}');
  }

  /**
   * Opens an array: {@code [}.
   *
   * @return this writer
   */
  public JsonWriter beginArray() {
    beforeValue();
    push(EMPTY_ARRAY);
    return raw('[');
  }

  /**
   * Closes the innermost array: {@code ]}.
   *
   * @return this writer
   */
  public JsonWriter endArray() {
    byte scope = peek();
    if (scope != EMPTY_ARRAY && scope != NONEMPTY_ARRAY) {
      throw new IllegalStateException("no array to end");
    }
    depth--;
    return raw(']');
  }

  /**
   * Writes the name of the next member of the current object.
   *
   * @param name the member name
   * @return this writer
   */
  public JsonWriter name(String name) {
    Objects.requireNonNull(name, "name");
    byte scope = peek();
    if (scope == NONEMPTY_OBJECT) {
      raw(',');
    } else if (scope != EMPTY_OBJECT) {
      throw new IllegalStateException("a name belongs inside an object, before its value");
    }
    stack[depth - 1] = DANGLING_NAME;
    string(name);
    return raw(':');
  }

  /**
   * Writes a string, or {@code null} if {@code value} is null.
   *
   * @param value the string
   * @return this writer
   */
  public JsonWriter value(String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    string(value);
    return this;
  }

  /**
   * Writes an integer.
   *
   * @param value the number
   * @return this writer
   */
  public JsonWriter value(long value) {
    beforeValue();
    return raw(Long.toString(value));
  }

  /**
   * Writes a floating-point number; {@code NaN} and infinities are written as {@code null}.
   *
   * @param value the number
   * @return this writer
   */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      return nullValue();
    }
    beforeValue();
    return raw(Double.toString(value));
  }

  /**
   * Writes a number of any boxed type, or {@code null} if {@code value} is null or not finite.
   *
   * @param value the number
   * @return this writer
   */
  public JsonWriter value(Number value) {
    if (value == null) {
      return nullValue();
    }
    if (value instanceof Double || value instanceof Float) {
      return value(value.doubleValue());
    }
    if (value instanceof BigDecimal) {
      beforeValue();
      return raw(((BigDecimal) value).toString());
    }
    if (value instanceof BigInteger) {
      beforeValue();
      return raw(value.toString());
    }
    if (value instanceof Long || value instanceof Integer
        || value instanceof Short || value instanceof Byte) {
      return value(value.longValue());
    }
    return value(value.doubleValue());
  }

  /**
   * Writes {@code true} or {@code false}.
   *
   * @param value the boolean
   * @return this writer
   */
  public JsonWriter value(boolean value) {
    beforeValue();
    return raw(value ? "true" : "false");
  }

  /**
   * Writes {@code null}.
   *
   * @return this writer
   */
  public JsonWriter nullValue() {
    beforeValue();
    return raw("null");
  }

  /**
   * Writes an array of strings ({@code null} elements become {@code null}), or {@code null} if
   * {@code values} is null.
   *
   * @param values the strings
   * @return this writer
   */
  public JsonWriter stringArray(Iterable<String> values) {
    if (values == null) {
      return nullValue();
    }
    beginArray();
    for (String v : values) {
      value(v);
    }
    return endArray();
  }

  private static void quote(CharSequence s, Appendable out) throws IOException {
    out.append('"');
    int start = 0;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      String escape = null;
      if (c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029') {
        escape = escape(c);
      } else if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c)
            ? i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))
            : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        if (!paired) {
          escape = unicodeEscape(c);
        }
      }
      if (escape != null) {
        out.append(s, start, i).append(escape);
        start = i + 1;
      }
    }
    out.append(s, start, length).append('"');
  }

  private static String escape(char c) {
    switch (c) {
      case '"': return "\\\"";
      case '\\': return "\\\\";
      case '\b': return "\\b";
      case '\f': return "\\f";
      case '\n': return "\\n";
      case '\r': return "\\r";
      case '\t': return "\\t";
      default: return unicodeEscape(c);
    }
  }

  private static String unicodeEscape(char c) {
    return new String(new char[] {
        '\\', 'u', HEX[(c >> 12) & 0xf], HEX[(c >> 8) & 0xf], HEX[(c >> 4) & 0xf], HEX[c & 0xf]});
  }

  private void beforeValue() {
    byte scope = peek();
    switch (scope) {
      case EMPTY_DOCUMENT:
        stack[depth - 1] = NONEMPTY_DOCUMENT;
        break;
      case NONEMPTY_DOCUMENT:
        throw new IllegalStateException("a JSON document holds one top-level value");
      case EMPTY_ARRAY:
        stack[depth - 1] = NONEMPTY_ARRAY;
        break;
      case NONEMPTY_ARRAY:
        raw(',');
        break;
      case DANGLING_NAME:
        stack[depth - 1] = NONEMPTY_OBJECT;
        break;
      default:
        throw new IllegalStateException("a value inside an object needs a name first");
    }
  }

  private byte peek() {
    return stack[depth - 1];
  }

  private void push(byte scope) {
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
    }
    stack[depth++] = scope;
  }

  private void string(String s) {
    try {
      quote(s, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonWriter raw(char c) {
    try {
      out.append(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private JsonWriter raw(String s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
