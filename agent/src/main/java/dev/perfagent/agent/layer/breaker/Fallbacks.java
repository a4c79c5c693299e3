package dev.perfagent.agent.layer.breaker;

import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.log.AgentLog;
import java.util.Optional;

/** Makes a breaker's {@link Fallback} from its configuration. */
final class Fallbacks {
    private Fallbacks() {
    }

    /**
     * @return {@link NoFallback} without a spec or for a constant that does not fit the method (logged);
     *     otherwise the constant or method fallback
     */
    static Fallback create(Optional<FallbackSpec> spec, LayerTarget target, AgentLog log) {
        if (spec.isEmpty()) {
            return NoFallback.INSTANCE;
        }
        if (spec.get().isMethod()) {
            return new MethodFallback(spec.get(), target, log);
        }
        return FallbackConstants.create(spec.get(), target, log);
    }
}
