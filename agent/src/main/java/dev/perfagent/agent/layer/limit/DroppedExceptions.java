package dev.perfagent.agent.layer.limit;

import java.util.List;
import java.util.Set;

/**
 * Which exceptions count as drops (Netflix's {@code onDropped}): those whose class, or a superclass, has one of the
 * configured binary names. Matched by name, so no class is loaded and the host's class loaders are not involved;
 * interfaces are not matched. Allocates nothing ({@link Class#getName()} is cached by the JVM).
 */
public final class DroppedExceptions {
    /** No exception is a drop. */
    public static final DroppedExceptions NONE = new DroppedExceptions(List.of());

    private final Set<String> names;

    /** @param names binary class names such as {@code java.util.concurrent.TimeoutException} */
    public DroppedExceptions(List<String> names) {
        this.names = Set.copyOf(names);
    }

    /** Whether {@code thrown} is a drop. */
    public boolean matches(Throwable thrown) {
        if (names.isEmpty() || thrown == null) {
            return false;
        }
        for (Class<?> type = thrown.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            if (names.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The names, for {@code /status}. */
    public Set<String> names() {
        return names;
    }
}
