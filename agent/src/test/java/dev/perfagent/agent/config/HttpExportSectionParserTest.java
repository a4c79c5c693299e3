package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.parse;
import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The security keys of {@code export.http}: defaults, the token override, and the exposures they guard. */
class HttpExportSectionParserTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void defaultsAreLoopbackReadOnlyWithoutTokenAndValuesHidden() throws Exception {
        HttpExportConfig http = parse("").export().http();

        assertEquals("127.0.0.1", http.host());
        assertEquals(Optional.empty(), http.token());
        assertFalse(http.insecure());
        assertFalse(http.allowActions());
        assertFalse(http.showValues());
        assertFalse(http.openToNetwork());
    }

    @Test
    void readsEveryKey() throws Exception {
        HttpExportConfig http = parse("export:\n  http:\n    host: 0.0.0.0\n    token: " + TOKEN + "\n"
                + "    allow-actions: true\n    show-values: true\n").export().http();

        assertEquals(new HttpExportConfig(true, "0.0.0.0", 9464, Optional.of(TOKEN), false, true, true), http);
        assertFalse(http.openToNetwork());
    }

    @Test
    void tokenComesFromTheEnvironmentOrASystemProperty() throws Exception {
        String yaml = "export:\n  http:\n    host: 0.0.0.0\n";

        AgentConfig fromEnvironment = ConfigLoader.parse(yaml, "perf-agent.yaml", Map.of(),
                Map.of("PERFAGENT_EXPORT_HTTP_TOKEN", TOKEN));
        AgentConfig fromProperty = ConfigLoader.parse(yaml, "perf-agent.yaml",
                Map.of("perfagent.export.http.token", "from-property"), Map.of("PERFAGENT_EXPORT_HTTP_TOKEN", TOKEN));

        assertEquals(Optional.of(TOKEN), fromEnvironment.export().http().token());
        assertEquals(Optional.of("from-property"), fromProperty.export().http().token());
    }

    @Test
    void theOtherSecurityKeysCanBeOverriddenToo() throws Exception {
        HttpExportConfig http = ConfigLoader.parse("export:\n  http: { host: 0.0.0.0 }\n", "perf-agent.yaml",
                Map.of("perfagent.export.http.insecure", "true", "perfagent.export.http.show-values", "true"),
                Map.of("PERFAGENT_EXPORT_HTTP_ALLOW_ACTIONS", "true", "PERFAGENT_EXPORT_HTTP_TOKEN", TOKEN))
                .export().http();

        assertTrue(http.insecure());
        assertTrue(http.showValues());
        assertTrue(http.allowActions());
    }

    @Test
    void nonLoopbackHostWithoutTokenIsAnErrorAtTheHostKey() {
        assertEquals(List.of("perf-agent.yaml:3:11: export.http.host: binds 0.0.0.0, which other machines can reach:"
                        + " set export.http.token (a bearer token, best given as PERFAGENT_EXPORT_HTTP_TOKEN) or, to"
                        + " serve without one, insecure: true"),
                problems("export:\n  http:\n    host: 0.0.0.0\n"));
    }

    @Test
    void aHostOverrideIsNamedAsTheOrigin() {
        assertEquals(List.of("$PERFAGENT_EXPORT_HTTP_HOST: export.http.host: binds 10.0.0.7, which other machines"
                        + " can reach: set export.http.token (a bearer token, best given as"
                        + " PERFAGENT_EXPORT_HTTP_TOKEN) or, to serve without one, insecure: true"),
                problems("", Map.of(), Map.of("PERFAGENT_EXPORT_HTTP_HOST", "10.0.0.7")));
    }

    @Test
    void loopbackNamesNeedNoToken() throws Exception {
        for (String host : List.of("127.0.0.1", "::1", "localhost", "LOCALHOST")) {
            assertEquals(host, parse("export:\n  http:\n    host: '" + host + "'\n").export().http().host());
        }
    }

    @Test
    void insecureOpensANonLoopbackHostWithoutToken() throws Exception {
        HttpExportConfig http = parse("export:\n  http: { host: 0.0.0.0, insecure: true }\n").export().http();

        assertTrue(http.insecure());
        assertTrue(http.openToNetwork());
    }

    @Test
    void aDisabledServerBindsNothingSoNeedsNoToken() throws Exception {
        assertFalse(parse("export:\n  http: { enabled: false, host: 0.0.0.0 }\n").export().http().enabled());
    }

    @Test
    void allowActionsWithoutTokenIsAnError() {
        assertEquals(List.of("perf-agent.yaml:3:20: export.http.allow-actions: requires export.http.token: requests"
                        + " that change the host must carry a token"),
                problems("export:\n  http:\n    allow-actions: true\n"));
    }

    @Test
    void anInvalidTokenIsReportedWithoutItsValue() {
        List<String> problems = problems("export:\n  http:\n    token: 'abc def'\n");

        assertEquals(List.of("perf-agent.yaml:3:16: export.http.token: invalid character at position 4 of the"
                + " token (the value is not shown; allowed: letters, digits, - . _ ~ + / and trailing =)"), problems);
        List<String> fromEnvironment = problems("", Map.of(), Map.of("PERFAGENT_EXPORT_HTTP_TOKEN", "s3cr3t!"));
        assertEquals(1, fromEnvironment.size());
        assertFalse(fromEnvironment.get(0).contains("s3cr3t"), fromEnvironment.get(0));
    }

    @Test
    void anInvalidTokenIsNotAlsoReportedAsMissing() {
        assertEquals(1, problems("export:\n  http:\n    host: 0.0.0.0\n    token: '=='\n").size());
    }

    @Test
    void toStringHidesTheToken() throws Exception {
        String text = ConfigLoader.parse("", "perf-agent.yaml", Map.of(), Map.of("PERFAGENT_EXPORT_HTTP_TOKEN", TOKEN))
                .toString();

        assertFalse(text.contains(TOKEN), text);
        assertTrue(text.contains("token=***"), text);
    }
}
