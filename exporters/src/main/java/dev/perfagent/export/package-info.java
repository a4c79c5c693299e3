/**
 * Exporters: what the agent shows the outside world.
 *
 * <p>{@link dev.perfagent.export.SiteMetrics} is the one view of a woven method that every exporter
 * reads, and {@link dev.perfagent.export.BatchMetrics} the view of a batched method's batch layer:
 * {@code prometheus} turns them into metric families, {@code report} into the JSON status model,
 * and {@code http} serves both; {@code jfr} holds the JFR event types the agent emits. This module
 * is loaded by the agent's private class loader; it keeps no static mutable state and every thread
 * it starts is a daemon named {@code perf-agent-*} that ends when its owner is closed.
 */
package dev.perfagent.export;
