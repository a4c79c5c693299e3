package dev.perfagent.agent.config;

import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.util.Objects;

/**
 * The {@code batch} layer of a rule: calls of the matched method from many threads are merged into calls
 * of its batch form.
 *
 * @param via      the batch form, e.g. {@code com.example.Model#scoreBatch(float[][])}: declared on the
 *                 matched method's class or a supertype, taking the items as an array or {@code List} and
 *                 returning an array or {@code List} of the same length
 * @param settings sizes, queue, timeout, SLO; defaults applied
 */
public record BatchConfig(MethodPattern via, BatchSettings settings) {

    /** Checks the arguments. */
    public BatchConfig {
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(settings, "settings");
    }
}
