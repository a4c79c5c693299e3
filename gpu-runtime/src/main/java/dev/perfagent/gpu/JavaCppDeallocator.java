package dev.perfagent.gpu;

/**
 * JavaCPP's "JavaCPP Deallocator" thread: started when its {@code Pointer} class first initialises (only
 * after CUDA loaded), it runs until interrupted and would keep the agent's class loader alive after
 * detach. Found by class name, so asking loads no JavaCPP class.
 */
public final class JavaCppDeallocator {
    private static final String THREAD_CLASS = "org.bytedeco.javacpp.Pointer$DeallocatorThread";

    private JavaCppDeallocator() {
    }

    /**
     * Ends the deallocator thread that this class loader's JavaCPP started, if there is one. Call on detach
     * only: within the same class loader JavaCPP never starts it again.
     *
     * @return whether a thread was told to stop
     */
    public static boolean stop() {
        ClassLoader ours = JavaCppDeallocator.class.getClassLoader();
        boolean stopped = false;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getClass().getName().equals(THREAD_CLASS) && thread.getClass().getClassLoader() == ours) {
                thread.interrupt(); // its loop ends on InterruptedException
                stopped = true;
            }
        }
        return stopped;
    }
}
