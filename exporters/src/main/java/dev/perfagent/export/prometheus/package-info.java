/**
 * The Prometheus export: {@link dev.perfagent.export.prometheus.PrometheusExport} renders the
 * per-site metrics, the batch-layer metrics and the agent's Micrometer self-metrics in the
 * Prometheus text format.
 */
package dev.perfagent.export.prometheus;
