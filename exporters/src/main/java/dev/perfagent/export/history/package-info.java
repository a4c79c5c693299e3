/**
 * The recent past of the agent's live figures: {@link dev.perfagent.export.history.StatusHistory}
 * samples every site of a {@link dev.perfagent.export.report.StatusReport} into a bounded ring, and
 * {@link dev.perfagent.export.history.HistoryEndpoint} serves it as JSON for the dashboard's charts.
 */
package dev.perfagent.export.history;
