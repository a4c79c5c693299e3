package dev.perfagent.agent.config;

/** PLACEHOLDER: the ConcurrencyLimit layer's settings, read by ConcurrencyLimitLayerParser (to be written). */
public record ConcurrencyLimitConfig() {
}
