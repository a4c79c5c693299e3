package dev.perfagent.agent.advise.jmc;

/**
 * What one of JDK Mission Control's automated-analysis rules said about a recording, in plain values
 * (no JMC types), so the reports can print it beside the agent's own recommendations.
 *
 * @param ruleId the rule's id, e.g. {@code GcPauseRatio}
 * @param ruleName the rule's display name
 * @param severity JMC's severity: {@code WARNING}, {@code INFO}, {@code OK}, {@code NA} or {@code IGNORE}
 * @param score JMC's 0-100 score, or -1 when the rule gave none
 * @param summary the rule's one-line summary, as plain text
 */
public record JmcVerdict(String ruleId, String ruleName, String severity, double score, String summary) {
}
