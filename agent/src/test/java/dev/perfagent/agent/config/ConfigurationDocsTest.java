package dev.perfagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fails when {@code docs/configuration.md} does not mention, in backticks, every key the parser
 * knows: the reference cannot go stale.
 */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("docs", "configuration.md");

    @Test
    void documentsEveryKey() throws IOException {
        String doc = Files.readString(findDoc(), StandardCharsets.UTF_8);
        List<String> missing = ConfigKeys.all().stream()
                .filter(key -> !doc.contains("`" + key + "`"))
                .collect(Collectors.toList());
        assertTrue(missing.isEmpty(), "docs/configuration.md does not mention these keys in backticks: " + missing);
    }

    @Test
    void documentsEveryOverride() throws IOException {
        String doc = Files.readString(findDoc(), StandardCharsets.UTF_8);
        List<String> missing = ConfigKeys.overridable().stream()
                .filter(key -> !doc.contains("`" + ConfigKeys.systemProperty(key) + "`"))
                .collect(Collectors.toList());
        assertTrue(missing.isEmpty(), "docs/configuration.md does not mention these system properties: " + missing);
    }

    @Test
    void theErrorExampleIsWhatTheLoaderReports() throws Exception {
        String doc = Files.readString(findDoc(), StandardCharsets.UTF_8);
        String yaml = Files.readString(Path.of(getClass().getResource("/config/errors.yaml").toURI()));
        assertTrue(doc.contains(yaml), "docs/configuration.md should show config/errors.yaml verbatim");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "perf-agent.yaml",
                Map.of("perfagent.rules.nope.time.slo-p99", "1ms"), Map.of()));
        assertEquals(9, e.problems().size());
        for (ConfigProblem problem : e.problems()) {
            assertTrue(doc.contains("\n" + problem + "\n"), "docs/configuration.md should show: " + problem);
        }
    }

    /** Surefire runs in the module directory, an IDE perhaps at the root: look upwards. */
    private static Path findDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DOC))) {
                return dir.resolve(DOC);
            }
        }
        throw new AssertionError("docs/configuration.md not found above " + Path.of("").toAbsolutePath());
    }
}
