package dev.perfagent.export.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A response from an {@link HttpEndpoint}.
 *
 * <p>The body array is not copied: don't change it after handing it over.
 *
 * <p>The server sends {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}
 * with every answer; {@link #headers()} are sent after them, so an endpoint can replace them (static
 * files revalidated by {@code ETag}, for example).
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type} header
 * @param body the body; a null body is replaced by an empty one
 * @param headers further response headers by name; {@code Content-Type} and {@code Content-Length}
 *     are not among them (the server sets those)
 */
public record HttpResponse(int status, String contentType, byte[] body,
    Map<String, String> headers) {

  /** {@code text/plain} in UTF-8. */
  public static final String TEXT = "text/plain; charset=utf-8";
  /** {@code application/json} (always UTF-8). */
  public static final String JSON = "application/json";
  /** {@code text/html} in UTF-8. */
  public static final String HTML = "text/html; charset=utf-8";

  /**
   * Checks the status, content type and headers; replaces a null body by an empty one and copies
   * the headers.
   */
  public HttpResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    body = body == null ? new byte[0] : body;
    if (headers == null || headers.isEmpty()) {
      headers = Map.of();
    } else {
      headers.forEach((name, value) -> checkHeader(name, value));
      headers = Map.copyOf(headers);
    }
  }

  /**
   * A response without further headers.
   *
   * @param status the HTTP status code
   * @param contentType the {@code Content-Type} header
   * @param body the body; a null body is replaced by an empty one
   */
  public HttpResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  /**
   * This response with one more header, or with {@code name} replaced.
   *
   * @param name the header name, for example {@code Cache-Control}
   * @param value its value
   * @return the new response (the body array is shared)
   */
  public HttpResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
    more.put(name, value);
    return new HttpResponse(status, contentType, body, more);
  }

  private static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, () -> "value of header " + name);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("content-type") || lower.equals("content-length")) {
      throw new IllegalArgumentException(name + " is set by the server, not as a further header");
    }
    if (name.isEmpty() || !isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("invalid header: " + name);
    }
  }

  private static boolean isToken(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A response whose body is {@code body} encoded as UTF-8.
   *
   * @param status the status code
   * @param contentType the content type
   * @param body the body text
   * @return the response
   */
  public static HttpResponse of(int status, String contentType, String body) {
    return new HttpResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code 200 OK} with a plain-text body.
   *
   * @param body the text
   * @return the response
   */
  public static HttpResponse text(String body) {
    return of(200, TEXT, body);
  }

  /**
   * A plain-text response with the given status.
   *
   * @param status the status code
   * @param body the text
   * @return the response
   */
  public static HttpResponse text(int status, String body) {
    return of(status, TEXT, body);
  }

  /**
   * {@code 200 OK} with a JSON body.
   *
   * @param body the JSON text
   * @return the response
   */
  public static HttpResponse json(String body) {
    return of(200, JSON, body);
  }

  /**
   * {@code 200 OK} with an HTML body.
   *
   * @param body the HTML text
   * @return the response
   */
  public static HttpResponse html(String body) {
    return of(200, HTML, body);
  }

  /**
   * {@code 404 Not Found}.
   *
   * @return the response
   */
  public static HttpResponse notFound() {
    return text(404, "not found\n");
  }

  /**
   * {@code 401 Unauthorized}, with no detail of what was missing or wrong; the server adds {@code
   * WWW-Authenticate: Bearer realm="perf-agent"}.
   *
   * @return the response
   */
  public static HttpResponse unauthorized() {
    return text(401, "unauthorized\n");
  }

  /**
   * {@code 405 Method Not Allowed}; the server adds {@code Allow: GET, HEAD}.
   *
   * @return the response
   */
  public static HttpResponse methodNotAllowed() {
    return text(405, "method not allowed\n");
  }

  /**
   * {@code 500 Internal Server Error} with a short text that reveals nothing of the failure.
   *
   * @return the response
   */
  public static HttpResponse serverError() {
    return text(500, "internal error\n");
  }

  /**
   * The body decoded as UTF-8.
   *
   * @return the body text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Compares status, content type, body contents and headers. */
  @Override
  public boolean equals(Object o) {
    return o instanceof HttpResponse
        && ((HttpResponse) o).status == status
        && ((HttpResponse) o).contentType.equals(contentType)
        && Arrays.equals(((HttpResponse) o).body, body)
        && ((HttpResponse) o).headers.equals(headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, contentType, Arrays.hashCode(body), headers);
  }

  @Override
  public String toString() {
    return "HttpResponse[status=" + status + ", contentType=" + contentType
        + ", body=" + body.length + " bytes" + (headers.isEmpty() ? "" : ", headers=" + headers)
        + "]";
  }
}
