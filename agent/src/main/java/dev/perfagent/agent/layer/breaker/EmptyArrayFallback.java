package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.lang.reflect.Array;

/**
 * {@code fallback: "[]"} on a method returning an array: an empty array of the return type, shared by every
 * refused caller (an empty array cannot be changed). The array class is resolved on first use in the woven
 * class's loader, not when the site is created (that happens while classes are being transformed, where
 * loading more classes is unsafe); if it cannot be, that is logged once and callers get the refusal.
 */
final class EmptyArrayFallback implements Fallback {
    private static final Object UNRESOLVABLE = new Object();

    private final LayerTarget target;
    private final String where;
    private final AgentLog log;
    private volatile Object empty;

    EmptyArrayFallback(LayerTarget target, String where, AgentLog log) {
        this.target = target;
        this.where = where;
        this.log = log;
    }

    @Override
    public Outcome refused(LayeredCall call, CallNotPermittedException refusal) {
        Object array = empty;
        if (array == null) {
            array = resolve();
        }
        return array == UNRESOLVABLE ? Outcome.throwing(refusal) : Outcome.returning(array);
    }

    private synchronized Object resolve() {
        if (empty == null) {
            try {
                Class<?> type = TypeResolver.load(target.returnType(), target.classLoader());
                empty = Array.newInstance(type.getComponentType(), 0);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                log.error(where + ": cannot make the empty " + target.returnType() + " fallback of "
                        + target.method() + " (" + e + "); calls the breaker refuses throw "
                        + "dev.perfagent.CallNotPermittedException");
                empty = UNRESOLVABLE;
            }
        }
        return empty;
    }
}
