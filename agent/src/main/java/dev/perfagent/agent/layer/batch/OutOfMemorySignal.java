package dev.perfagent.agent.layer.batch;

import java.util.Locale;

/**
 * Tells an out-of-memory failure of a batch method from any other: the JVM's {@link OutOfMemoryError},
 * or a native runtime's allocation failure, which ONNX Runtime, CUDA and JavaCPP report as exceptions
 * whose message says so. Such a batch is retried in halves and the cap is halved.
 */
public final class OutOfMemorySignal {
    private static final String[] MESSAGES = {"out of memory", "failed to allocate", "cudaerrormemoryallocation",
        "cuda_error_out_of_memory", "bad_alloc"};

    private OutOfMemorySignal() {
    }

    /** Whether {@code failure} says the heap or a device ran out of memory. */
    public static boolean isOutOfMemory(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String m : MESSAGES) {
                    if (lower.contains(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
