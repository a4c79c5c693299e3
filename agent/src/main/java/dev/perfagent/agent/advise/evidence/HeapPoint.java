package dev.perfagent.agent.advise.evidence;

import java.time.Instant;

/**
 * The heap in use right after a collection.
 *
 * @param time when
 * @param usedBytes heap in use after the collection
 */
public record HeapPoint(Instant time, long usedBytes) {
}
