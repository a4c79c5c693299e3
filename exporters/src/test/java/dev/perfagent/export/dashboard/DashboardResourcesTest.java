package dev.perfagent.export.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.perfagent.export.http.HttpRequest;
import dev.perfagent.export.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files as shipped: nothing reaches outside the agent's own server, everything the
 * page refers to is served, and the whole stays small.
 */
class DashboardResourcesTest {

  private static final Path DIR = Paths.get("src/main/resources/dev/perfagent/export/dashboard");
  private static final Pattern URL = Pattern.compile("(?i)https?:|//[a-z0-9.-]+\\.[a-z]{2,}");

  private static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.sorted().collect(Collectors.toList());
    }
  }

  private static String text(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void noAddressOutsideTheAgentOutsideComments() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : files()) {
      String name = file.getFileName().toString();
      if (name.endsWith(".png")) {
        continue;
      }
      String code = name.endsWith(".html") ? withoutHtmlComments(text(file))
          : withoutScriptComments(text(file));
      Matcher m = URL.matcher(code);
      while (m.find()) {
        found.add(name + ": " + code.substring(Math.max(0, m.start() - 30),
            Math.min(code.length(), m.end() + 30)));
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void theStripperKeepsAddressesInStringsAndDropsThemInComments() {
    String js = "const a = 'see http://x.example'; // http://comment.example\n"
        + "/* https://block.example */ const b = \"//\";";
    String stripped = withoutScriptComments(js);
    assertTrue(stripped.contains("http://x.example"), stripped);
    assertTrue(!stripped.contains("comment.example") && !stripped.contains("block.example"),
        stripped);
    assertTrue(URL.matcher(stripped).find());
  }

  @Test
  void thePageRefersOnlyToFilesTheEndpointServes() throws IOException {
    DashboardEndpoint dashboard = DashboardEndpoint.load();
    String page = text(DIR.resolve("index.html"));
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
    List<String> references = new ArrayList<>();
    while (refs.find()) {
      references.add(refs.group(1));
    }
    assertTrue(references.contains("dashboard/app.js"), references.toString());
    for (String ref : references) {
      if (ref.startsWith("#") || List.of("metrics", "status", "history").contains(ref)) {
        continue; // anchors on the page, and the agent's own JSON and text routes
      }
      assertTrue(ref.startsWith("dashboard/"), "relative to the page, on this server: " + ref);
      assertServed(dashboard, "/" + ref);
    }
    int imported = 0;
    for (Path file : files()) {
      if (!file.getFileName().toString().endsWith(".js")) {
        continue;
      }
      Matcher imports = Pattern.compile("from '\\./([a-z-]+\\.js)'").matcher(text(file));
      while (imports.find()) {
        assertServed(dashboard, "/dashboard/" + imports.group(1));
        imported++;
      }
    }
    assertTrue(imported > 0, "the modules import each other");
    for (Path file : files()) {
      if (!file.getFileName().toString().equals("index.html")) {
        assertServed(dashboard, "/dashboard/" + file.getFileName());
      }
    }
  }

  @Test
  void thePageHasNoInlineScriptOrStyleTheContentSecurityPolicyWouldBlock() throws IOException {
    String page = text(DIR.resolve("index.html"));
    assertTrue(!page.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "inline script");
    assertTrue(!page.contains("<style") && !page.contains(" style=") && !page.contains(" on"),
        "inline style or event handler");
  }

  @Test
  void theDashboardIsSmall() throws IOException {
    long total = 0;
    for (Path file : files()) {
      total += Files.size(file);
    }
    assertTrue(total < 150 * 1024, "dashboard files take " + total + " bytes");
  }

  private static void assertServed(DashboardEndpoint dashboard, String path) {
    HttpResponse response = dashboard.handle(new HttpRequest("GET", path, Map.of(), Map.of()));
    if (response.status() != 200) {
      fail(path + " is referred to but answered " + response.status());
    }
  }

  private static String withoutHtmlComments(String html) {
    return html.replaceAll("(?s)<!--.*?-->", "");
  }

  /** Drops // and block comments of JavaScript or CSS, keeping string literals as they are. */
  static String withoutScriptComments(String code) {
    StringBuilder out = new StringBuilder(code.length());
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = i + 1;
        while (end < code.length() && code.charAt(end) != c) {
          end += code.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(code.length(), end + 1);
        out.append(code, i, end);
        i = end;
      } else if (code.startsWith("//", i)) {
        int end = code.indexOf('\n', i);
        i = end < 0 ? code.length() : end;
      } else if (code.startsWith("/*", i)) {
        int end = code.indexOf("*/", i + 2);
        i = end < 0 ? code.length() : end + 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
