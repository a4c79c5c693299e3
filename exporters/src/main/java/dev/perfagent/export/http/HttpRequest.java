package dev.perfagent.export.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as an {@link HttpEndpoint} sees it.
 *
 * @param method the HTTP method, {@code GET} or {@code HEAD}
 * @param path the decoded request path, for example {@code /metrics}
 * @param query the decoded query parameters; of a repeated parameter, the first value
 * @param headers the request headers; lookups ignore the case of the name
 */
public record HttpRequest(
    String method, String path, Map<String, String> query, Map<String, List<String>> headers) {

  /** Copies the maps into unmodifiable ones; the header map ignores the case of names. */
  public HttpRequest {
    query = query == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(query));
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((name, values) -> h.put(name, values == null ? List.of() : List.copyOf(values)));
    }
    headers = Collections.unmodifiableMap(h);
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, in any case
   * @return the value, or empty if the header is absent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * A query parameter.
   *
   * @param name the parameter name
   * @return its value, or empty if absent
   */
  public Optional<String> queryParameter(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
