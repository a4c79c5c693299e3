package dev.perfagent.agent.config;

import static dev.perfagent.agent.config.ConfigLoaderTest.parse;
import static dev.perfagent.agent.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpExportSectionParserTest {

    @Test
    void offWithoutTheSection() throws Exception {
        OtlpExportConfig otlp = parse("service: s\n").export().otlp();
        assertFalse(otlp.enabled());
        assertEquals(OtlpExportConfig.disabled(), otlp);
    }

    @Test
    void anEmptySectionTurnsThePushOnWithTheDefaults() throws Exception {
        OtlpExportConfig otlp = parse("export:\n  otlp: {}\n").export().otlp();
        assertTrue(otlp.enabled());
        assertEquals(URI.create("http://localhost:4318/v1/metrics"), otlp.endpoint());
        assertEquals(Duration.ofSeconds(60), otlp.interval());
        assertEquals(Map.of(), otlp.headers());
        assertEquals(Map.of(), otlp.resource());
        assertEquals(OtlpExportConfig.Temporality.CUMULATIVE, otlp.temporality());
        assertTrue(parse("export:\n  otlp:\n").export().otlp().enabled());
    }

    @Test
    void readsEveryKey() throws Exception {
        OtlpExportConfig otlp = parse("export:\n"
                + "  otlp:\n"
                + "    endpoint: https://otel.example.com:4318/v1/metrics\n"
                + "    interval: 15s\n"
                + "    headers: { authorization: \"Bearer abc\", x-tenant: 7 }\n"
                + "    resource:\n"
                + "      deployment.environment: prod\n"
                + "      service.name: checkout-eu\n"
                + "    aggregation-temporality: delta\n").export().otlp();
        assertTrue(otlp.enabled());
        assertEquals(URI.create("https://otel.example.com:4318/v1/metrics"), otlp.endpoint());
        assertEquals(Duration.ofSeconds(15), otlp.interval());
        assertEquals(Map.of("authorization", "Bearer abc", "x-tenant", "7"), otlp.headers());
        assertEquals(Map.of("deployment.environment", "prod", "service.name", "checkout-eu"), otlp.resource());
        assertEquals(OtlpExportConfig.Temporality.DELTA, otlp.temporality());
    }

    @Test
    void enabledFalseKeepsItOff() throws Exception {
        assertFalse(parse("export:\n  otlp: { enabled: false, interval: 5s }\n").export().otlp().enabled());
    }

    @Test
    void overridesSetScalarKeysAndAnOverrideAloneTurnsThePushOn() throws Exception {
        AgentConfig config = ConfigLoader.parse("service: s\n", "perf-agent.yaml",
                Map.of("perfagent.export.otlp.interval", "2s"),
                Map.of("PERFAGENT_EXPORT_OTLP_ENDPOINT", "http://collector:4318/v1/metrics"));
        OtlpExportConfig otlp = config.export().otlp();
        assertTrue(otlp.enabled());
        assertEquals(Duration.ofSeconds(2), otlp.interval());
        assertEquals(URI.create("http://collector:4318/v1/metrics"), otlp.endpoint());
    }

    @Test
    void problemsNameFileLineColumnAndKey() {
        assertEquals(List.of(
                "perf-agent.yaml:3:15: export.otlp.endpoint: expected an http or https URL such as"
                        + " http://localhost:4318/v1/metrics, got 'grpc://localhost:4317'",
                "perf-agent.yaml:4:15: export.otlp.interval: must be greater than 0, got '0s'",
                "perf-agent.yaml:5:14: export.otlp.headers: expected a mapping of names to values, got 'abc'",
                "perf-agent.yaml:7:7: export.otlp.resource.service.name: expected a value, got nothing",
                "perf-agent.yaml:8:30: export.otlp.aggregation-temporality: unknown value 'sum'"
                        + " (expected one of cumulative, delta)",
                "perf-agent.yaml:9:5: export.otlp.endpont: unknown key; did you mean 'endpoint'? (allowed keys:"
                        + " enabled, endpoint, interval, headers, resource, aggregation-temporality)"),
                problems("export:\n"
                        + "  otlp:\n"
                        + "    endpoint: grpc://localhost:4317\n"
                        + "    interval: 0s\n"
                        + "    headers: abc\n"
                        + "    resource:\n"
                        + "      service.name:\n"
                        + "    aggregation-temporality: sum\n"
                        + "    endpont: x\n"));
    }

    @Test
    void headersAndResourceAreFileOnly() {
        assertEquals(List.of("-Dperfagent.export.otlp.headers: export.otlp.headers: cannot be overridden;"
                        + " set it in the config file"),
                ConfigLoaderTest.problems("export:\n  otlp: {}\n",
                        Map.of("perfagent.export.otlp.headers", "a=b"), Map.of()));
    }

    @Test
    void otlpIsNoLongerAFutureSection() {
        assertTrue(ConfigKeys.all().contains("export.otlp.headers"));
        assertTrue(ConfigKeys.overridable().contains("export.otlp.endpoint"));
        assertFalse(ConfigKeys.overridable().contains("export.otlp.resource"));
    }
}
