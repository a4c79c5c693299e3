/**
 * JFR event types the agent emits, all in the category {@code perf-agent}, so its work shows up in a
 * flight recording beside the JVM's own events: {@link dev.perfagent.export.jfr.BatchEvent},
 * {@link dev.perfagent.export.jfr.CircuitBreakerStateEvent} and
 * {@link dev.perfagent.export.jfr.ConcurrencyLimitEvent} (listed in {@link
 * dev.perfagent.export.jfr.PerfAgentEvents}), and {@link dev.perfagent.export.jfr.AgentRecording},
 * the continuous recording of {@code export.jfr}. The events cost a static check when no recording
 * asks for them.
 */
package dev.perfagent.export.jfr;
