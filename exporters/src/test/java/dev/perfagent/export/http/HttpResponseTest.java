package dev.perfagent.export.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpResponseTest {

  @Test
  void withHeaderAddsOrReplacesIgnoringCase() {
    HttpResponse plain = HttpResponse.text("x");
    assertEquals(Map.of(), plain.headers());
    HttpResponse tagged = plain.withHeader("ETag", "\"1\"").withHeader("cache-control", "no-cache");
    assertEquals(Map.of("ETag", "\"1\"", "cache-control", "no-cache"), tagged.headers());
    assertEquals(Map.of("ETag", "\"2\"", "cache-control", "no-cache"),
        tagged.withHeader("etag", "\"2\"").withHeader("ETag", "\"2\"").headers());
    assertNotEquals(plain, tagged, "headers take part in equality");
    assertEquals(tagged, plain.withHeader("ETag", "\"1\"").withHeader("cache-control", "no-cache"));
  }

  @Test
  void rejectsHeadersTheServerOwnsAndHeaderInjection() {
    HttpResponse plain = HttpResponse.text("x");
    assertThrows(IllegalArgumentException.class, () -> plain.withHeader("Content-Type", "a/b"));
    assertThrows(IllegalArgumentException.class, () -> plain.withHeader("content-length", "1"));
    assertThrows(IllegalArgumentException.class, () -> plain.withHeader("X-A", "1\r\nX-B: 2"));
    assertThrows(IllegalArgumentException.class, () -> plain.withHeader("X A", "1"));
    assertThrows(NullPointerException.class, () -> plain.withHeader("X-A", null));
  }
}
