package dev.perfagent.agent.layer;

/**
 * What a limit layer (concurrency or rate) does with a call it cannot admit now: refuse it at once with
 * {@code dev.perfagent.CallRejectedException}, or wait for room up to the layer's {@code max-wait} (and
 * refuse it then, or at once when the wait is known in advance to be longer).
 */
public enum WhenLimited {
    REJECT,
    WAIT
}
