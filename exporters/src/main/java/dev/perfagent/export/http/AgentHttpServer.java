package dev.perfagent.export.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's HTTP server ({@code /metrics}, {@code /status}, ...), on the JDK's {@link
 * HttpServer}.
 *
 * <p>Routes are exact paths; {@code /}, unless routed, serves an HTML page that links every route.
 * Routes answer {@code GET} and {@code HEAD}; other methods are answered 405 unless the {@link
 * HttpAccess} allows actions and the request carries its token, and then only reach the action
 * endpoints. With a token, a request without it is answered 401 (see {@link HttpAccess}). An
 * unknown path gets 404, and an endpoint that throws gets 500 and is counted in {@link
 * #failures()}: nothing ever throws into the host.
 *
 * <p>Threads: every thread of the server belongs to a thread group of its own named {@code
 * perf-agent}, is a daemon and is named {@code perf-agent-http-*}: the JDK's dispatcher ({@code
 * perf-agent-http-dispatcher}) and idle-connection timer ({@code perf-agent-http-idle-timer}), and
 * one or two request workers ({@code perf-agent-http-worker-N}) that end after a minute idle. The
 * JDK makes its threads inherit the daemon flag and group of the thread that creates and starts the
 * server, so this class does both from a daemon thread of its group, then renames them. {@link
 * #close()} stops the server and waits, bounded, until no thread of the group is alive.
 */
public final class AgentHttpServer implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 10_000;
  private static final long CLOSE_TIMEOUT_MILLIS = 5_000;
  private static final int MAX_WORKERS = 2;
  private static final int MAX_QUEUED_REQUESTS = 64;

  private final HttpServer server;
  private final RequestRouter router;
  private final ThreadGroup threads;
  private final ThreadPoolExecutor workers;
  private final InetSocketAddress address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AgentHttpServer(
      HttpServer server, RequestRouter router, ThreadGroup threads, ThreadPoolExecutor workers) {
    this.server = server;
    this.router = router;
    this.threads = threads;
    this.workers = workers;
    this.address = server.getAddress();
  }

  /**
   * Binds {@code host:port} and starts serving {@code routes}.
   *
   * @param host the address to listen on, for example {@code 127.0.0.1}
   * @param port the port, or 0 for any free one (see {@link #port()})
   * @param routes endpoints by exact path, each starting with {@code /}
   * @return the running server
   * @throws IOException if the address cannot be bound, with a message such as {@code cannot bind
   *     127.0.0.1:9464: Address already in use}
   */
  public static AgentHttpServer start(String host, int port, Map<String, HttpEndpoint> routes)
      throws IOException {
    return start(host, port, routes, Map.of(), HttpAccess.open());
  }

  /**
   * Binds {@code host:port} and starts serving {@code routes} to reads and {@code actions} to
   * requests that may change the host, as {@code access} allows.
   *
   * @param host the address to listen on, for example {@code 127.0.0.1}
   * @param port the port, or 0 for any free one (see {@link #port()})
   * @param routes endpoints for {@code GET} and {@code HEAD}, by exact path, each starting with
   *     {@code /}
   * @param actions endpoints for {@code POST}, by exact path; reached only when {@code access}
   *     allows actions and the request carries the token
   * @param access the token requests must carry, if any, and whether actions are allowed
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static AgentHttpServer start(String host, int port, Map<String, HttpEndpoint> routes,
      Map<String, HttpEndpoint> actions, HttpAccess access) throws IOException {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(access, "access");
    actions.forEach((path, endpoint) -> {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("action must start with '/': " + path);
      }
      Objects.requireNonNull(endpoint, path);
    });
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    routes.forEach((path, endpoint) -> {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("route must start with '/': " + path);
      }
      Objects.requireNonNull(endpoint, path);
    });
    String where = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    InetSocketAddress bindAddress = new InetSocketAddress(host, port);
    if (bindAddress.isUnresolved()) {
      throw new IOException("cannot bind " + where + ": unknown host");
    }

    RequestRouter router = new RequestRouter(routes, actions, access);
    ThreadGroup threads = new ThreadGroup("perf-agent");
    destroyWhenEmpty(threads);
    ThreadPoolExecutor workers = newWorkers(threads);
    CompletableFuture<HttpServer> started = new CompletableFuture<>();
    Thread starter = new Thread(threads, () -> {
      try {
        HttpServer server = HttpServer.create(bindAddress, 0);
        server.createContext("/", router);
        server.setExecutor(workers);
        server.start();
        nameThreads(threads);
        if (!started.complete(server)) {
          server.stop(0); // the caller gave up waiting
        }
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }, "perf-agent-http-start", 0, false);
    starter.setDaemon(true);
    starter.setContextClassLoader(AgentHttpServer.class.getClassLoader());
    starter.start();

    try {
      return new AgentHttpServer(
          started.get(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), router, threads, workers);
    } catch (ExecutionException e) {
      workers.shutdownNow();
      joinQuietly(starter);
      Throwable cause = e.getCause();
      throw new IOException("cannot bind " + where + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      started.completeExceptionally(e);
      workers.shutdownNow();
      throw new IOException("cannot bind " + where + ": no answer within "
          + START_TIMEOUT_MILLIS + " ms");
    } catch (InterruptedException e) {
      started.completeExceptionally(e);
      workers.shutdownNow();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while starting the HTTP server on " + where);
    }
  }

  /**
   * The port the server listens on: the one asked for, or the one the system chose for port 0.
   *
   * @return the bound port
   */
  public int port() {
    return address.getPort();
  }

  /**
   * The address the server listens on.
   *
   * @return the bound address, with the real port
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * How many requests ended with status 500 because their endpoint threw or returned nothing.
   *
   * @return the count since start
   */
  public long failures() {
    return router.failures();
  }

  /**
   * How many requests were answered 401 because they did not carry the token.
   *
   * @return the count since start
   */
  public long unauthorized() {
    return router.unauthorized();
  }

  /**
   * Stops the server at once, closing open connections, ends its workers and waits up to five
   * seconds for every thread of the server to end. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop(0);
    } catch (RuntimeException e) {
      // already stopped or half-started: the threads are ended below either way
    }
    workers.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS);
    try {
      for (List<Thread> alive = liveThreads(); !alive.isEmpty(); alive = liveThreads()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return;
        }
        Thread thread = alive.get(0);
        if (thread == Thread.currentThread()) {
          if (alive.size() == 1) {
            return; // closed from one of our own workers: it ends when its request does
          }
          thread = alive.get(1);
        }
        thread.join(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The live threads of this server, for tests. */
  List<Thread> liveThreads() {
    Thread[] found = new Thread[threads.activeCount() + 8];
    int n;
    while ((n = threads.enumerate(found, true)) == found.length) {
      found = new Thread[found.length * 2];
    }
    List<Thread> alive = new ArrayList<>(n);
    for (Thread t : Arrays.asList(found).subList(0, n)) {
      if (t.isAlive()) {
        alive.add(t);
      }
    }
    return alive;
  }

  private static ThreadPoolExecutor newWorkers(ThreadGroup group) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread t = new Thread(group, task, "perf-agent-http-worker-" + count.incrementAndGet(), 0,
          false);
      t.setDaemon(true);
      t.setContextClassLoader(AgentHttpServer.class.getClassLoader());
      return t;
    };
    ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), factory);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** Gives the JDK's threads in {@code group} {@code perf-agent-http-*} names. */
  private static void nameThreads(ThreadGroup group) {
    Thread[] found = new Thread[group.activeCount() + 8];
    int n = group.enumerate(found, true);
    for (int i = 0; i < n; i++) {
      Thread t = found[i];
      String name = t.getName();
      if (name.startsWith("perf-agent-")) {
        continue;
      }
      switch (name) {
        case "HTTP-Dispatcher":
          t.setName("perf-agent-http-dispatcher");
          break;
        case "idle-timeout-task":
          t.setName("perf-agent-http-idle-timer");
          break;
        case "req-rsp-timeout-task":
          t.setName("perf-agent-http-request-timer");
          break;
        default:
          t.setName("perf-agent-http-" + name);
      }
    }
  }

  /**
   * On JDK 17 a thread group stays referenced by its parent until destroyed; a daemon group
   * destroys itself when its last thread ends, so attach/detach cycles don't pile groups up. Later
   * JDKs keep groups weakly and ignore the flag.
   */
  @SuppressWarnings({"removal", "deprecation"})
  private static void destroyWhenEmpty(ThreadGroup group) {
    try {
      group.setDaemon(true);
    } catch (Throwable e) {
      // gone from a future JDK: nothing to clean up there
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
