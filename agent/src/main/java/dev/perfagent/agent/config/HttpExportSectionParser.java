package dev.perfagent.agent.config;

import java.util.Optional;

/**
 * Reads the {@code export.http} section. A host other than loopback needs a {@code token} or an explicit
 * {@code insecure: true}, and {@code allow-actions} needs a token: both are config errors otherwise, reported at
 * the key that asks for the exposure. The token is never quoted in a message.
 */
final class HttpExportSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("enabled")
            .value("host")
            .value("port")
            .value("token")
            .value("insecure")
            .value("allow-actions")
            .value("show-values")
            .build();

    private HttpExportSectionParser() {
    }

    static HttpExportConfig parse(MappingReader http) {
        HttpExportConfig defaults = HttpExportConfig.defaults();
        ParseContext context = http.context();
        int problemsBefore = context.problemCount();
        boolean enabled = http.value("enabled", ValueType.BOOLEAN).orElse(defaults.enabled());
        String host = http.value("host", ValueType.HOST).orElse(defaults.host());
        int port = http.value("port", ValueType.PORT).orElse(defaults.port());
        Optional<String> token = http.value("token", ValueType.BEARER_TOKEN);
        boolean insecure = http.value("insecure", ValueType.BOOLEAN).orElse(defaults.insecure());
        boolean allowActions = http.value("allow-actions", ValueType.BOOLEAN).orElse(defaults.allowActions());
        boolean showValues = http.value("show-values", ValueType.BOOLEAN).orElse(defaults.showValues());
        // A token that is given but invalid is reported as such, not again as missing.
        boolean tokenGiven = token.isPresent() || http.inFile("token") || overridden(http, "token").isPresent();

        if (enabled && !HttpExportConfig.isLoopback(host) && !tokenGiven && !insecure) {
            context.report(origin(http, "host"), http.child("host"), "binds " + host + ", which other machines can"
                    + " reach: set export.http.token (a bearer token, best given as PERFAGENT_EXPORT_HTTP_TOKEN) or,"
                    + " to serve without one, insecure: true");
        }
        if (allowActions && !tokenGiven) {
            context.report(origin(http, "allow-actions"), http.child("allow-actions"),
                    "requires export.http.token: requests that change the host must carry a token");
        }
        if (context.problemCount() > problemsBefore) {
            return defaults; // not used: the config fails with the problems reported
        }
        return new HttpExportConfig(enabled, host, port, token, insecure, allowActions, showValues);
    }

    /** Where a key's value comes from: the override that gives it, else its value in the file, else the section. */
    private static ConfigLocation origin(MappingReader http, String key) {
        return overridden(http, key).or(() -> http.node(key).map(http.context()::at)).orElse(http.location());
    }

    /** The override that gives a key, if any. */
    private static Optional<ConfigLocation> overridden(MappingReader http, String key) {
        return http.overridePath(key).flatMap(path -> http.context().overrides().find(path))
                .map(Overrides.Value::origin);
    }
}
