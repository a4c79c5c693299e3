package dev.perfagent.agent.layer;

import java.lang.reflect.Method;

/** Virtual threads for tests that run on JDK 17 too (compiled for 17, where {@code Thread.ofVirtual} is absent). */
public final class VirtualThreads {
    private VirtualThreads() {
    }

    /** Starts {@code task} in a virtual thread; null where the JDK has none. */
    public static Thread start(Runnable task) throws ReflectiveOperationException {
        Method ofVirtual;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException beforeJdk21) {
            return null;
        }
        Object builder = ofVirtual.invoke(null);
        return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                .invoke(builder, task);
    }
}
