package dev.perfagent.agent.config;

/** PLACEHOLDER: the Cache layer's settings, read by CacheLayerParser (to be written). */
public record CacheConfig() {
}
