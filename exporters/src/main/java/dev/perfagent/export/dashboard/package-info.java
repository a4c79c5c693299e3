/**
 * The live web dashboard: {@link dev.perfagent.export.dashboard.DashboardEndpoint} serves the page
 * and its scripts from the class path; the page charts {@code /history} and shows {@code /status}.
 */
package dev.perfagent.export.dashboard;
