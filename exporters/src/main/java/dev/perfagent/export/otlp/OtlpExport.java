package dev.perfagent.export.otlp;

import dev.perfagent.export.BatchMetrics;
import dev.perfagent.export.SiteMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.push.PushMeterRegistry;
import io.micrometer.core.ipc.http.HttpUrlConnectionSender;
import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpHttpMetricsSender;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's OTLP push: every {@link OtlpSettings#interval()} it sends the same figures the
 * Prometheus export serves to an OTLP/HTTP receiver (an OpenTelemetry collector), as protobuf,
 * through Micrometer's {@link OtlpMeterRegistry}.
 *
 * <p>Per site, batch layer and protection layer the figures are Micrometer function meters bound
 * to the live {@link SiteMetrics} and {@link BatchMetrics} (see {@link SiteMeters}, {@link
 * BatchMeters}, {@link LayerMeters}); nothing is recorded on the host's threads, and a push reads
 * each source once. The agent's self-metrics go on {@link #registry()}. Sites with the same {@code
 * rule} and {@code method} are one series, as in the Prometheus export.
 *
 * <p>A push that fails is reported to {@code problems} and never thrown; the next push tries
 * again. {@link #close()} stops the schedule and pushes a last time; so does the end of the JVM.
 * Thread-safe. Starts one daemon thread from the given factory (and registers a shutdown hook
 * made by it).
 */
public final class OtlpExport implements AutoCloseable {

  /** How long a push may take to connect and to be answered. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final OtlpSettings settings;
  private final OtlpMeterRegistry registry;
  private final ReportingSender sender;
  private final PushRound round = new PushRound();
  private final Map<Labels, SiteGroup> sites = new HashMap<>();
  private final Map<Integer, Labels> siteLabels = new HashMap<>();
  private final Map<Labels, BatchGroup> batches = new HashMap<>();
  private final Map<Integer, Labels> batchLabels = new HashMap<>();
  private final Thread shutdownHook;
  private final PushThreads pushThreads;
  /** Held so the level set on it lasts: java.util.logging keeps its loggers weakly. */
  private final Logger quietRegistry;
  private boolean closed;

  private OtlpExport(OtlpSettings settings, ThreadFactory threads, Consumer<String> problems) {
    this.settings = settings;
    sender = new ReportingSender(
        new OtlpHttpMetricsSender(new HttpUrlConnectionSender(CONNECT_TIMEOUT, READ_TIMEOUT)),
        problems, this::afterPush);
    // Micrometer's push registry logs its start (INFO) and a push skipped at close because one is
    // under way (WARNING) on java.util.logging, i.e. on the host's console. The agent says what
    // matters in its own log; push failures reach it through the sender.
    quietRegistry = Logger.getLogger(PushMeterRegistry.class.getName());
    quietRegistry.setLevel(Level.SEVERE);
    pushThreads = new PushThreads(threads);
    registry = OtlpMeterRegistry.builder(new Config(settings))
        .clock(Clock.SYSTEM).threadFactory(pushThreads).metricsSender(sender).build();
    shutdownHook = threads.newThread(this::close);
  }

  /**
   * Starts pushing.
   *
   * @param settings where and how often
   * @param threads makes the push thread and the shutdown hook (daemons named {@code perf-agent-*})
   * @param problems told of each failed push, in one line; may be called often (rate-limit it)
   * @return the running export; close it to stop
   */
  public static OtlpExport start(OtlpSettings settings, ThreadFactory threads,
      Consumer<String> problems) {
    OtlpExport export = new OtlpExport(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(threads, "threads"), Objects.requireNonNull(problems, "problems"));
    export.registry.start(export.pushThreads);
    Runtime.getRuntime().addShutdownHook(export.shutdownHook);
    return export;
  }

  /** {@return the settings it pushes with} */
  public OtlpSettings settings() {
    return settings;
  }

  /**
   * The registry whose meters every push carries, for the agent's self-metrics: register them
   * here as on the Prometheus export's registry (dotted names, no unit suffix).
   *
   * @return the OTLP registry; closed by {@link #close()}
   */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Pushes a site's figures (and its layers') from the next push on, replacing any site with the
   * same id.
   *
   * @param site the site; read on every push
   */
  public synchronized void addSite(SiteMetrics site) {
    Objects.requireNonNull(site, "site");
    if (closed) {
      return;
    }
    removeSite(site.id());
    Labels labels = Labels.of(site.rule(), site.method());
    SiteGroup group = sites.get(labels);
    if (group == null) {
      LabelGroup<SiteMetrics> members = new LabelGroup<>(SiteMetrics::id);
      members.put(site);
      sites.put(labels, new SiteGroup(members,
          new SiteMeters(registry, members, labels.tags(), round),
          new LayerMeters(registry, members, labels.tags(), round)));
    } else {
      group.members().put(site);
      group.refresh();
    }
    siteLabels.put(site.id(), labels);
  }

  /**
   * Stops pushing the site with this id; does nothing if there is none.
   *
   * @param id the site id
   */
  public synchronized void removeSite(int id) {
    Labels labels = siteLabels.remove(id);
    SiteGroup group = labels == null ? null : sites.get(labels);
    if (group != null && group.members().remove(id)) {
      sites.remove(labels);
      group.site().remove();
      group.layers().remove();
    }
  }

  /**
   * Pushes the figures of a site's batch layer from the next push on, replacing any with the same
   * id.
   *
   * @param batch the batch layer; read on every push
   */
  public synchronized void addBatch(BatchMetrics batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      return;
    }
    removeBatch(batch.id());
    Labels labels = Labels.of(batch.rule(), batch.method());
    BatchGroup group = batches.get(labels);
    if (group == null) {
      LabelGroup<BatchMetrics> members = new LabelGroup<>(BatchMetrics::id);
      members.put(batch);
      batches.put(labels, new BatchGroup(members,
          new BatchMeters(registry, members, labels.tags(), round)));
    } else {
      group.members().put(batch);
    }
    batchLabels.put(batch.id(), labels);
  }

  /**
   * Stops pushing the batch layer with this id; does nothing if there is none.
   *
   * @param id the site id
   */
  public synchronized void removeBatch(int id) {
    Labels labels = batchLabels.remove(id);
    BatchGroup group = labels == null ? null : batches.get(labels);
    if (group != null && group.members().remove(id)) {
      batches.remove(labels);
      group.meters().remove();
    }
  }

  /** {@return the pushes the receiver accepted so far} */
  public long pushesSent() {
    return sender.sent();
  }

  /** {@return the pushes that failed so far} */
  public long pushesFailed() {
    return sender.failed();
  }

  /** Stops the schedule and pushes the figures a last time (waiting for it). Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook running
    }
    // Not under the lock: the last push runs afterPush, which takes it. Micrometer's close() skips
    // its last push when a scheduled one is under way, and that one may have read the figures
    // before the host's last calls; so stop the schedule, let the push under way finish, then close.
    registry.stop();
    pushThreads.awaitExit(CONNECT_TIMEOUT.plus(READ_TIMEOUT).plusSeconds(1));
    registry.close();
    synchronized (this) {
      sites.clear();
      siteLabels.clear();
      batches.clear();
      batchLabels.clear();
    }
  }

  /** After each push: fresh reads next time, and meters for figures that came or went. */
  private void afterPush() {
    round.next();
    synchronized (this) {
      for (SiteGroup group : sites.values()) {
        try {
          group.refresh();
        } catch (RuntimeException | LinkageError e) {
          // a broken site keeps the meters it had
        }
      }
    }
  }

  /** The registry's push threads, kept so that close() can wait for a push under way. */
  private static final class PushThreads implements ThreadFactory {
    private final ThreadFactory threads;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    PushThreads(ThreadFactory threads) {
      this.threads = threads;
    }

    @Override
    public Thread newThread(Runnable task) {
      made.removeIf(thread -> thread.getState() == Thread.State.TERMINATED);
      Thread thread = threads.newThread(task);
      made.add(thread);
      return thread;
    }

    /** Waits, at most {@code patience} in all, for every push thread but the caller to end. */
    void awaitExit(Duration patience) {
      long deadline = System.nanoTime() + patience.toNanos();
      try {
        for (Thread thread : made) {
          long left = deadline - System.nanoTime();
          if (thread != Thread.currentThread() && left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The series key of a site or batch layer: Prometheus' {@code rule} and {@code method} labels. */
  private record Labels(String rule, String method) {
    static Labels of(String rule, String method) {
      return new Labels(rule == null ? "" : rule, method == null ? "" : method);
    }

    Tags tags() {
      return Tags.of("rule", rule, "method", method);
    }
  }

  private record SiteGroup(LabelGroup<SiteMetrics> members, SiteMeters site, LayerMeters layers) {
    void refresh() {
      site.refresh();
      layers.refresh();
    }
  }

  private record BatchGroup(LabelGroup<BatchMetrics> members, BatchMeters meters) {
  }

  /** Micrometer's OTLP settings from ours; nothing read from the environment or properties. */
  private static final class Config implements OtlpConfig {
    private final OtlpSettings settings;

    Config(OtlpSettings settings) {
      this.settings = settings;
    }

    @Override
    public String get(String key) {
      return null; // every setting comes from the methods below or Micrometer's defaults
    }

    @Override
    public String url() {
      return settings.endpoint().toString();
    }

    @Override
    public Duration step() {
      return settings.interval();
    }

    @Override
    public Map<String, String> headers() {
      return settings.headers();
    }

    @Override
    public Map<String, String> resourceAttributes() {
      // Micrometer sets telemetry.sdk.* itself and warns (on the host's console) about any given here.
      Map<String, String> attributes = new HashMap<>(settings.resource());
      attributes.keySet().removeIf(key -> key.startsWith("telemetry.sdk."));
      return attributes;
    }

    @Override
    public AggregationTemporality aggregationTemporality() {
      return settings.temporality() == OtlpSettings.Temporality.DELTA
          ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
    }

    @Override
    public TimeUnit baseTimeUnit() {
      return TimeUnit.SECONDS; // OpenTelemetry's unit for durations
    }
  }
}
