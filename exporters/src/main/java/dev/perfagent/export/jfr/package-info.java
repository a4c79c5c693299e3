/**
 * JFR event types the agent emits, so its work shows up in a flight recording beside the JVM's own
 * events: {@link dev.perfagent.export.jfr.BatchEvent} for every batch. The events cost a static
 * check when no recording asks for them.
 */
package dev.perfagent.export.jfr;
