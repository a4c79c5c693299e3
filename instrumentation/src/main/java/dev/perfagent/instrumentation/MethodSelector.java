package dev.perfagent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Decides what {@link Weaver} weaves: the agent implements it from its rules and site registry.
 * Called from class-loading and retransformation threads, concurrently.
 */
public interface MethodSelector {

    /** Cheap first check on a class name (binary form, {@code $} for nested classes). */
    boolean wantsType(String className);

    /**
     * @return the site id to weave into {@code method}, the same id every time the same method is
     *     asked about (retransformation asks again), or -1 to leave the method alone
     */
    int siteFor(TypeDescription type, MethodDescription method, ClassLoader loader);

    /**
     * Whether the layers of {@code site} act on the call itself (they need the receiver and arguments and
     * may replace the body), so the method gets {@link CallAdvice} rather than {@link TimingAdvice}.
     * Never true for constructors, whose body cannot be skipped.
     */
    default boolean interceptsCalls(int site) {
        return false;
    }

    /**
     * For a site that {@linkplain #interceptsCalls intercepts calls}: whether its layers read the arguments
     * or the return value. When not, the method gets {@link ValuelessCallAdvice}, which makes no argument
     * array and boxes nothing per call.
     */
    default boolean passesValues(int site) {
        return true;
    }
}
