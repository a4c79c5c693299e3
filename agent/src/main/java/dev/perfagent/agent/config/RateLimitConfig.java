package dev.perfagent.agent.config;

/** PLACEHOLDER: the RateLimit layer's settings, read by RateLimitLayerParser (to be written). */
public record RateLimitConfig() {
}
