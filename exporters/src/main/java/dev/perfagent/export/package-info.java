/**
 * Exporters: what the agent shows the outside world.
 *
 * <p>{@link dev.perfagent.export.SiteMetrics} is the one view of a woven method that every exporter
 * reads: {@code prometheus} turns it into metric families, {@code report} into the JSON status
 * model, and {@code http} serves both. This module is loaded by the agent's private class loader;
 * it keeps no static mutable state and every thread it starts is a daemon named
 * {@code perf-agent-*} that ends when its owner is closed.
 */
package dev.perfagent.export;
