/**
 * The report model: plain records for the agent's JSON endpoints, each able to write itself with a
 * {@link dev.perfagent.export.json.JsonWriter}.
 */
package dev.perfagent.export.report;
