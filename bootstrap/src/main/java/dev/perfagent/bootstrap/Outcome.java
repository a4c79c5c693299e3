package dev.perfagent.bootstrap;

/**
 * The result a layer produced for a call in place of the method body: the value to return or the
 * throwable to throw. Returned by {@link Hooks#invoke}; the woven method then skips its body and its exit
 * advice returns {@link #value()} or throws {@link #thrown()}. Immutable, so one instance may answer many
 * calls (a cache hit returns the outcome it stored, allocating nothing); the call's timing token stays with
 * {@link Hooks}.
 */
public final class Outcome {
    private final Object value;
    private final Throwable thrown;

    private Outcome(Object value, Throwable thrown) {
        this.value = value;
        this.thrown = thrown;
    }

    /** The call returns {@code value} (boxed for a primitive return type; null for void). */
    public static Outcome returning(Object value) {
        return new Outcome(value, null);
    }

    /** The call throws {@code thrown}, which must not be null. */
    public static Outcome throwing(Throwable thrown) {
        if (thrown == null) {
            throw new NullPointerException("thrown");
        }
        return new Outcome(null, thrown);
    }

    /** What the call returns, when {@link #thrown()} is null. */
    public Object value() {
        return value;
    }

    /** What the call throws, or null when it returns. */
    public Throwable thrown() {
        return thrown;
    }
}
