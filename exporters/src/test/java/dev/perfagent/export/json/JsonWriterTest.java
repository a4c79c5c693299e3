package dev.perfagent.export.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  private static String json(Consumer<JsonWriter> write) {
    StringBuilder out = new StringBuilder();
    write.accept(new JsonWriter(out));
    return out.toString();
  }

  private static String string(String s) {
    return json(w -> w.value(s));
  }

  @Test
  void escapingTable() {
    Object[][] table = {
        {"\"", "\"\\\"\""},
        {"\\", "\"\\\\\""},
        {"\b", "\"\\b\""},
        {"\f", "\"\\f\""},
        {"\n", "\"\\n\""},
        {"\r", "\"\\r\""},
        {"\t", "\"\\t\""},
        {"\u0000", "\"\\u0000\""},
        {"\u0001", "\"\\u0001\""},
        {"\u001f", "\"\\u001f\""},
        {"\u007f", "\"\u007f\""},            // DEL needs no escape
        {" ", "\" \""},
        {"é", "\"é\""},                       // non-ASCII kept as is
        {"日本語", "\"日本語\""},
        {"😀", "\"😀\""},                     // a surrogate pair stays whole
        {"\ud83d", "\"\\ud83d\""},            // a lone high surrogate is escaped
        {"\ude00x", "\"\\ude00x\""},          // a lone low surrogate too
        {"\u2028\u2029", "\"\\u2028\\u2029\""},
        {"</script>", "\"</script>\""},
        {"a\"b\\c\nd", "\"a\\\"b\\\\c\\nd\""},
    };
    for (Object[] row : table) {
      assertEquals(row[1], string((String) row[0]), () -> "escaping of " + Arrays.toString(
          ((String) row[0]).chars().toArray()));
    }
  }

  @Test
  void numbers() {
    assertEquals("[0,-1,9223372036854775807,1.5,-0.25,1.0E-6,1.0E21,null,null,null,3,2.5,null,1.10]",
        json(w -> w.beginArray().value(0).value(-1).value(Long.MAX_VALUE).value(1.5)
            .value(-0.25).value(1e-6).value(1e21).value(Double.NaN)
            .value(Double.POSITIVE_INFINITY).value(Double.NEGATIVE_INFINITY)
            .value(Integer.valueOf(3)).value(Double.valueOf(2.5)).value(Float.NaN)
            .value(new BigDecimal("1.10")).endArray()));
    assertEquals("null", json(w -> w.value((Number) null)));
  }

  @Test
  void objectsArraysBooleansAndNull() {
    assertEquals(
        "{\"a\":1,\"b\":[true,false,null,\"x\"],\"c\":{},\"d\":[],\"e\":{\"f\":[[]]},\"g\":null,"
            + "\"h\":[\"p\",null]}",
        json(w -> w.beginObject()
            .name("a").value(1)
            .name("b").beginArray().value(true).value(false).nullValue().value("x").endArray()
            .name("c").beginObject().endObject()
            .name("d").beginArray().endArray()
            .name("e").beginObject().name("f").beginArray().beginArray().endArray().endArray()
            .endObject()
            .name("g").value((String) null)
            .name("h").stringArray(Arrays.asList("p", null))
            .endObject()));
    assertEquals("[]", json(w -> w.stringArray(List.of())));
    assertEquals("{\"a\\nb\":0}", json(w -> w.beginObject().name("a\nb").value(0).endObject()));
  }

  @Test
  void deepNesting() {
    String json = json(w -> {
      for (int i = 0; i < 100; i++) {
        w.beginArray();
      }
      for (int i = 0; i < 100; i++) {
        w.endArray();
      }
    });
    assertEquals("[".repeat(100) + "]".repeat(100), json);
  }

  @Test
  void rejectsMalformedStructure() {
    assertThrows(IllegalStateException.class, () -> json(w -> w.beginObject().value(1)));
    assertThrows(IllegalStateException.class, () -> json(w -> w.beginArray().name("a")));
    assertThrows(IllegalStateException.class, () -> json(w -> w.name("a")));
    assertThrows(IllegalStateException.class, () -> json(w -> w.beginObject().name("a").endObject()));
    assertThrows(IllegalStateException.class, () -> json(w -> w.beginObject().name("a").name("b")));
    assertThrows(IllegalStateException.class, () -> json(w -> w.beginArray().endObject()));
    assertThrows(IllegalStateException.class, () -> json(w -> w.beginObject().endArray()));
    assertThrows(IllegalStateException.class, () -> json(w -> w.endArray()));
    assertThrows(IllegalStateException.class, () -> json(w -> w.value(1).value(2)));
  }

  @Test
  void ioFailureIsUnchecked() {
    Writer failing = new Writer() {
      @Override public void write(char[] buf, int off, int len) throws IOException {
        throw new IOException("disk full");
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    assertThrows(UncheckedIOException.class, () -> new JsonWriter(failing).value("x"));
  }
}
