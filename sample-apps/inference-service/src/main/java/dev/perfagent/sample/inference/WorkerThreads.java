package dev.perfagent.sample.inference;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Creates the load generator's worker threads and the server's request executor: platform threads, or virtual
 * threads on JDK 21+ (found
 * reflectively, since this code is compiled for Java 17). Virtual threads block and wake in the JVM, not
 * in the kernel, which is what many modern services run their requests on.
 */
final class WorkerThreads {
  /** {@code Thread.ofVirtual()}, {@code Builder.name(String)}, {@code Builder.unstarted(Runnable)}; null before JDK 21. */
  private static final Method[] VIRTUAL = find();

  private WorkerThreads() {}

  private static Method[] find() {
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      return new Method[] {Thread.class.getMethod("ofVirtual"), builder.getMethod("name", String.class),
          builder.getMethod("unstarted", Runnable.class)};
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  static boolean virtualAvailable() {
    return VIRTUAL != null;
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}: one new virtual thread per task (JDK 21+). */
  static ExecutorService virtualPerTask() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads need JDK 21 or later: " + e, e);
    }
  }

  /** A started-later thread running {@code task}; platform threads are daemons. */
  static Thread create(Runnable task, String name, boolean virtual) {
    if (!virtual) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    }
    try {
      Object builder = VIRTUAL[1].invoke(VIRTUAL[0].invoke(null), name);
      return (Thread) VIRTUAL[2].invoke(builder, task);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a virtual thread: " + e, e);
    }
  }
}
