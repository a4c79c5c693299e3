package dev.perfagent.export.report;

/** How urgently a {@link Recommendation} asks to be acted on, least urgent first. */
public enum Severity {
  /** Worth knowing; act when convenient. */
  INFO,
  /** Costs the service noticeably now. */
  WARNING,
  /** Costs the service heavily now, or will break it soon (for example a forecast out-of-memory). */
  CRITICAL
}
