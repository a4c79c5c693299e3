package dev.perfagent.export.dashboard;

import dev.perfagent.export.http.HttpEndpoint;
import dev.perfagent.export.http.HttpRequest;
import dev.perfagent.export.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live dashboard: serves the page at {@code /} and its files at {@code /dashboard/*}, read once
 * from the class path ({@code dev/perfagent/export/dashboard/}, inside perf-agent.jar), so it works
 * with no network. The page itself reads {@code /status} and {@code /history}.
 *
 * <p>Every file is sent with its content type, an {@code ETag} (a digest of its bytes) and {@code
 * Cache-Control: no-cache}: the browser keeps it but asks each time, and an unchanged file is
 * answered {@code 304 Not Modified} with no body, so a new agent version is never hidden by a cached
 * page. The page is sent with a {@code Content-Security-Policy} that allows scripts, styles, images
 * and requests from this server only and no framing.
 *
 * <p>Read-only: it answers {@code GET} and {@code HEAD} like every route of the agent's server.
 * Thread-safe: the files are immutable once loaded.
 */
public final class DashboardEndpoint implements HttpEndpoint {

  /** Where the files are on the class path. */
  static final String RESOURCES = "/dev/perfagent/export/dashboard/";

  /** What the page may load: its own server's scripts, styles, images and JSON, nothing else. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
      + "style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";

  /** Path on the server, file name under {@link #RESOURCES}, content type. */
  private static final String[][] FILES = {
      {"/", "index.html", "text/html; charset=utf-8"},
      {"/dashboard/app.js", "app.js", "text/javascript; charset=utf-8"},
      {"/dashboard/chart.js", "chart.js", "text/javascript; charset=utf-8"},
      {"/dashboard/flamegraph.js", "flamegraph.js", "text/javascript; charset=utf-8"},
      {"/dashboard/format.js", "format.js", "text/javascript; charset=utf-8"},
      {"/dashboard/history.js", "history.js", "text/javascript; charset=utf-8"},
      {"/dashboard/site-card.js", "site-card.js", "text/javascript; charset=utf-8"},
      {"/dashboard/style.css", "style.css", "text/css; charset=utf-8"},
      {"/dashboard/favicon.png", "favicon.png", "image/png"},
  };

  private final Map<String, HttpResponse> files;

  private DashboardEndpoint(Map<String, HttpResponse> files) {
    this.files = files;
  }

  /**
   * Reads the dashboard's files from the class path.
   *
   * @return the endpoint
   * @throws UncheckedIOException if a file is missing or cannot be read (a broken build)
   */
  public static DashboardEndpoint load() {
    Map<String, HttpResponse> files = new LinkedHashMap<>();
    for (String[] file : FILES) {
      byte[] body = read(file[1]);
      HttpResponse response = new HttpResponse(200, file[2], body)
          .withHeader("ETag", etag(body))
          .withHeader("Cache-Control", "no-cache");
      if (file[0].equals("/")) {
        response = response
            .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .withHeader("Referrer-Policy", "no-referrer")
            .withHeader("X-Frame-Options", "DENY");
      }
      files.put(file[0], response);
    }
    return new DashboardEndpoint(Collections.unmodifiableMap(files));
  }

  /**
   * The routes to register on the agent's server: each path of the dashboard to this endpoint.
   *
   * @return paths to this endpoint, {@code /} first
   */
  public Map<String, HttpEndpoint> routes() {
    Map<String, HttpEndpoint> routes = new LinkedHashMap<>();
    for (String path : files.keySet()) {
      routes.put(path, this);
    }
    return routes;
  }

  /**
   * The paths of the page's scripts, styles and images: everything but the page at {@code /}. They
   * hold the dashboard's code only, never data of the host, so a server with a token serves them
   * without it (a browser cannot add the token when the page loads them).
   *
   * @return the paths under {@code /dashboard/}
   */
  public Set<String> assetPaths() {
    Set<String> paths = new LinkedHashSet<>(files.keySet());
    paths.remove("/");
    return Collections.unmodifiableSet(paths);
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    HttpResponse file = files.get(request.path());
    if (file == null) {
      return HttpResponse.notFound();
    }
    String etag = file.headers().get("ETag");
    if (notModified(request.header("If-None-Match"), etag)) {
      return new HttpResponse(304, file.contentType(), new byte[0], file.headers());
    }
    return file;
  }

  /** Whether {@code If-None-Match} names the file's current tag (or is {@code *}). */
  private static boolean notModified(Optional<String> ifNoneMatch, String etag) {
    if (ifNoneMatch.isEmpty()) {
      return false;
    }
    for (String candidate : ifNoneMatch.get().split(",")) {
      String tag = candidate.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2); // weak comparison, as RFC 9110 asks for If-None-Match
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardEndpoint.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("dashboard file missing from the class path: " + RESOURCES + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
