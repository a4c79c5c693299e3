package dev.perfagent.agent.config;

/** PLACEHOLDER: the CircuitBreaker layer's settings, read by CircuitBreakerLayerParser (to be written). */
public record CircuitBreakerConfig() {
}
