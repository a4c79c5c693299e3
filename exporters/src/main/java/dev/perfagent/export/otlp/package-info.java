/**
 * The OTLP push: {@link dev.perfagent.export.otlp.OtlpExport} sends the per-site, layer and
 * batch figures and the agent's self-metrics to an OpenTelemetry collector over OTLP/HTTP
 * (protobuf), through Micrometer's OTLP registry.
 */
package dev.perfagent.export.otlp;
