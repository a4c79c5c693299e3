package dev.perfagent.agent;

import dev.perfagent.agent.advise.Advisor;
import dev.perfagent.agent.advise.WindowAdvisor;
import dev.perfagent.agent.advise.sites.DeviceWindow;
import dev.perfagent.agent.advise.sites.SiteAdvisor;
import dev.perfagent.agent.advise.sites.SiteEvidenceSource;
import dev.perfagent.agent.config.AgentConfig;
import dev.perfagent.agent.config.ConfigException;
import dev.perfagent.agent.config.ConfigLoader;
import dev.perfagent.agent.config.ConfigProblem;
import dev.perfagent.agent.config.HttpExportConfig;
import dev.perfagent.agent.config.LogConfig;
import dev.perfagent.agent.config.OtlpExportConfig;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.gpu.AcceleratorMemory;
import dev.perfagent.agent.gpu.AcceleratorRuntime;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.batch.BatchLayer;
import dev.perfagent.agent.layer.cache.CacheLayer;
import dev.perfagent.agent.layer.timing.OverheadCalibration;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.profile.ContinuousProfiler;
import dev.perfagent.agent.profile.FanOutSink;
import dev.perfagent.agent.profile.ProfilerState;
import dev.perfagent.agent.profile.SampleKind;
import dev.perfagent.agent.profile.WindowTally;
import dev.perfagent.agent.report.ExitReport;
import dev.perfagent.agent.report.LiveReport;
import dev.perfagent.agent.report.LiveReportHtml;
import dev.perfagent.agent.report.LiveReportMarkdown;
import dev.perfagent.agent.site.RuleSelector;
import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.agent.time.Ticker;
import dev.perfagent.bootstrap.Hooks;
import dev.perfagent.export.dashboard.DashboardEndpoint;
import dev.perfagent.export.history.HistoryEndpoint;
import dev.perfagent.export.history.StatusHistory;
import dev.perfagent.export.jfr.AgentRecording;
import dev.perfagent.export.report.AdviceReport;
import dev.perfagent.export.http.AgentHttpServer;
import dev.perfagent.export.http.HttpAccess;
import dev.perfagent.export.http.HttpEndpoint;
import dev.perfagent.export.http.HttpResponse;
import dev.perfagent.export.otlp.OtlpExport;
import dev.perfagent.export.otlp.OtlpSettings;
import dev.perfagent.export.prometheus.PrometheusExport;
import dev.perfagent.export.report.GpuStatus;
import dev.perfagent.export.report.ProfilingStatus;
import dev.perfagent.export.report.SelfStatus;
import dev.perfagent.export.report.SiteStatus;
import dev.perfagent.export.report.StatusReport;
import dev.perfagent.gpu.CudaProbe;
import dev.perfagent.gpu.JavaCppDeallocator;
import dev.perfagent.gpu.StagingSource;
import dev.perfagent.instrumentation.WeaveListener;
import dev.perfagent.instrumentation.WeaveSettings;
import dev.perfagent.instrumentation.Weaver;
import dev.perfagent.instrumentation.pattern.ClassPattern;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One running perf-agent: loads the config, installs the dispatcher and the weaver, serves the
 * exports, runs the control loop, and takes all of it down again on detach. Reached from the launcher
 * through its control function ({@link #apply}: "started", "status", "detach").
 *
 * <p>Never throws into the host: every failure leaves the agent off (or the failed part off) with a
 * one-line message.
 */
public final class AgentRuntime implements Function<String, String> {

    /** How often the batch controllers re-evaluate the observed p99 against the SLO. */
    private static final long BATCH_TICK_MILLIS = 250;
    /** How long detach waits for batched calls in flight. */
    private static final Duration BATCH_CLOSE_PATIENCE = Duration.ofSeconds(10);
    /** How long layers a reload replaced wait for their calls in flight before they are closed anyway. */
    private static final Duration RETIRED_LAYERS_PATIENCE = Duration.ofSeconds(60);
    /** The longest premain holds the host's start for the weaving that must come before its main (see below). */
    private static final Duration STARTUP_WEAVING_PATIENCE = Duration.ofSeconds(10);
    /** How often the control loop drains latency recorders into their windows. */
    private static final long DRAIN_PERIOD_SECONDS = 5;
    /** Content type of {@code /report.md}. */
    private static final String MARKDOWN = "text/markdown; charset=utf-8";

    private final Map<String, String> args;
    private final Instrumentation inst;
    /** Released once what must be woven before the host's main runs is in place, or is known to be nothing. */
    private final CountDownLatch startupWeaving = new CountDownLatch(1);
    private final String mode;
    private final Instant startedAt = Instant.now();
    private final Ticker ticker = Ticker.SYSTEM;
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final LongAdder weaveNanos = new LongAdder();
    private final LongAdder weaveFailures = new LongAdder();
    /** The last minutes of /status, sampled by the control loop, for the dashboard's charts; kept across reloads. */
    private final StatusHistory history = new StatusHistory();
    /** Calibrated cost of the timing path per call, in ns; NaN until measured. */
    private volatile double overheadNanosPerCall = Double.NaN;

    private volatile AgentLog log = AgentLog.toStderr(AgentLog.Level.INFO);
    private volatile AgentConfig config;
    private volatile String state = "starting";
    private volatile SiteRegistry registry;
    private volatile RuleSelector selector;
    private volatile AgentDispatcher dispatcher;
    private volatile Weaver weaver;
    private volatile PrometheusExport export;
    /** The OTLP push, or null when {@code export.otlp} is off. */
    private volatile OtlpExport otlp;
    private volatile AgentHttpServer http;
    private volatile AgentRecording jfr;
    private volatile ScheduledExecutorService control;
    private volatile RetiredLayers retiredLayers;
    private volatile ContinuousProfiler profiler;
    /** The last window's sample and event counts, for /status (the advisor gets the same windows). */
    private volatile WindowTally profileTally;
    /** Turns profiling windows into /recommendations; null while profiling is off. */
    private volatile WindowAdvisor advisor;
    /** The sites' figures per window for the layer advice; null while profiling is off. */
    private volatile SiteEvidenceSource siteEvidence;
    /** The accelerator (CUDA or the CPU), its telemetry and staging pool; chosen on its own thread. */
    private volatile AcceleratorRuntime gpu;
    /** The shutdown hook that writes {@code report.on-exit}; null when none is configured. */
    private volatile ExitReport exitReport;
    private boolean detached;

    private AgentRuntime(Map<String, String> args, Instrumentation inst, String mode) {
        this.args = Map.copyOf(args);
        this.inst = inst;
        this.mode = mode;
    }

    /**
     * Starts the agent. At start-up ({@code premain}) the work runs on a background thread so the host's
     * start is not held up; on attach it runs on the calling thread so the CLI gets the outcome.
     *
     * @return the control function the launcher publishes through {@link Hooks#control}
     */
    public static Function<String, String> start(Map<String, String> args, Instrumentation inst, String mode,
                                                 Path agentJar) {
        AgentRuntime runtime = new AgentRuntime(args, inst, mode);
        if ("premain".equals(mode)) {
            new AgentThreads("start").newThread(runtime::boot).start();
            if (runtime.configMayOpenReplicas()) {
                runtime.awaitStartupWeaving();
            }
        } else {
            runtime.boot();
        }
        return runtime;
    }

    @Override
    public String apply(String command) {
        try {
            switch (command) {
                case "started":
                    return startedMessage();
                case "state":
                    return state;
                case "status":
                    return status().toJson();
                case "status-text":
                    return StatusText.render(status());
                case "detach":
                    return detach();
                default:
                    return "error: unknown command '" + command + "'";
            }
        } catch (Throwable t) {
            log.error(command + " failed: " + t);
            return "error: " + command + " failed: " + t;
        }
    }

    private synchronized void boot() {
        try {
            if (detached) {
                return;
            }
            AgentConfig loaded = loadConfig();
            if (loaded == null || !capturesModels(loaded)) {
                startupWeaving.countDown(); // the host's start need not wait for the rest
            }
            if (loaded != null) {
                startWith(loaded);
            }
        } finally {
            startupWeaving.countDown();
        }
    }

    /**
     * At start-up the agent boots in the background, but a rule that opens replicas of ONNX Runtime sessions must
     * see the sessions the application opens at its start ({@code OrtEnvironment#createSession}), usually in its
     * first moments: premain holds the host's start until that method is woven (at most
     * {@link #STARTUP_WEAVING_PATIENCE}). Where the config file does not mention replicas it does not wait at all.
     */
    private void awaitStartupWeaving() {
        try {
            if (!startupWeaving.await(STARTUP_WEAVING_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("premain stopped waiting after " + STARTUP_WEAVING_PATIENCE.toSeconds() + "s for the weaving"
                        + " that should precede the application's start; sessions it opens meanwhile get no replicas");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the config file may hold a rule that opens replicas: a glance at its text for {@code replicas},
     * so that premain waits for nothing (not even the config to be parsed) in the usual case.
     */
    private boolean configMayOpenReplicas() {
        String file = configFile(System.getProperty("perfagent.config"), System.getenv("PERFAGENT_CONFIG"));
        try {
            return file != null && Files.readString(Paths.get(file)).contains("replicas");
        } catch (IOException | RuntimeException e) {
            return false; // the boot says what is wrong with the file
        }
    }

    /** The config file: the agent argument {@code config=}, else the property, else the environment; or null. */
    private String configFile(String property, String environment) {
        String file = args.get("config");
        return file != null ? file : property != null ? property : environment;
    }

    private static boolean capturesModels(AgentConfig loaded) {
        return loaded.enabled() && loaded.rules().stream().anyMatch(RuleSelector::capturesModels);
    }

    /** Restores the woven classes and starts again with {@code next} (a reload that changes the weaving). */
    private void restart(AgentConfig next) {
        new AgentThreads("reload").newThread(() -> {
            synchronized (this) {
                if (detached) {
                    return;
                }
                state = "reloading";
                stopParts();
                notes.clear();
                AgentLog previous = log;
                startWith(next);
                if (log != previous) {
                    previous.close();
                }
                notes.add("config reloaded from " + next.source() + " at " + Instant.now());
            }
        }).start();
    }

    /** Swaps the layers of the woven sites for those of {@code next}; calls in flight finish in the old ones. */
    private synchronized void applyLayers(AgentConfig next) {
        if (detached || registry == null) {
            return;
        }
        Map<String, RuleConfig> rules = new LinkedHashMap<>();
        for (RuleConfig rule : next.rules()) {
            rules.put(rule.name(), rule);
        }
        int changed = 0;
        for (Site site : registry.all()) {
            RuleConfig rule = rules.get(site.rule());
            if (rule == null) {
                continue;
            }
            SiteRegistry.Retired retired = registry.relayer(site, rule);
            if (retired.layers().isEmpty() && retired.previous().layers().isEmpty()) {
                continue;
            }
            changed++;
            retiredLayers.add(retired, site.method());
            PrometheusExport metrics = export;
            if (metrics != null) {
                // The batch figures are read through the site's current batch layer.
                metrics.removeBatch(site.id());
                if (site.batchMetrics() != null) {
                    metrics.addBatch(site.batchMetrics());
                }
            }
            OtlpExport push = otlp;
            if (push != null) {
                push.removeBatch(site.id());
                if (site.batchMetrics() != null) {
                    push.addBatch(site.batchMetrics());
                }
            }
        }
        config = next;
        selector.rules(next.rules());
        log.info("reload: new layer settings from " + next.source() + " applied to " + changed + " site(s)");
        notes.add("config reloaded from " + next.source() + " at " + Instant.now() + " (layers of " + changed
                + " site(s) swapped)");
    }

    /** Starts every part with {@code loaded}: weaving, dispatch, exports, the control loop. */
    private void startWith(AgentConfig loaded) {
        try {
            config = loaded;
            log = openLog(loaded.log());
            if (!loaded.enabled()) {
                state = "off: disabled by config (enabled: false)";
                log.info("disabled by config (enabled: false): nothing is woven");
                return;
            }
            export = new PrometheusExport();
            PrometheusExport metrics = export;
            otlp = startOtlp(loaded);
            OtlpExport push = otlp;
            registry = new SiteRegistry(ticker, log, new AcceleratorMemory(() -> gpu), site -> {
                metrics.addSite(site);
                if (site.batchMetrics() != null) {
                    metrics.addBatch(site.batchMetrics());
                }
                if (push != null) {
                    push.addSite(site);
                    if (site.batchMetrics() != null) {
                        push.addBatch(site.batchMetrics());
                    }
                }
            });
            retiredLayers = new RetiredLayers(RETIRED_LAYERS_PATIENCE, ticker, log);
            dispatcher = new AgentDispatcher(registry, ticker, log);
            registry.onFault(dispatcher::fault);
            registerSelfMetrics(export.registry());
            if (push != null) {
                registerSelfMetrics(push.registry());
            }
            Hooks.install(dispatcher);
            // Before the selector: the batch adapters it makes stage their batches in the accelerator's pool.
            startGpu(loaded, push);
            AcceleratorRuntime accelerator = gpu;
            selector = new RuleSelector(loaded.rules(), excludes(loaded), registry, this::ruleProblem,
                    accelerator != null ? accelerator : StagingSource.UNPOOLED);
            weaver = Weaver.install(inst, selector,
                    new WeaveSettings(loaded.weave().retransformBatchSize(), loaded.weave().retransformPause()),
                    new Listener());
            startupWeaving.countDown();
            startHttp(loaded.export().http());
            jfr = JfrExport.start(loaded.export().jfr(), log);
            startProfiler(loaded);
            startExitReport(loaded);
            startControlLoop(loaded);
            state = "running";
            log.info("started (" + mode + ") for service '" + loaded.service() + "' with " + loaded.rules().size()
                    + " rule(s) from " + loaded.source() + "; " + registry.all().size() + " site(s) woven so far"
                    + (http != null ? "; metrics at http://" + httpAddress() + "/metrics" : ""));
        } catch (Throwable t) {
            off("failed to start: " + t);
            stopParts();
        }
    }

    private AgentConfig loadConfig() {
        Map<String, String> sysProps = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
        Map<String, String> env = System.getenv();
        String file = configFile(sysProps.get("perfagent.config"), env.get("PERFAGENT_CONFIG"));
        try {
            if (file == null) {
                notes.add("no config file given (config=FILE); using defaults: nothing is woven");
                return ConfigLoader.loadDefaults(sysProps, env);
            }
            return ConfigLoader.load(Paths.get(file), sysProps, env);
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                log.error(problem.toString());
                notes.add(problem.toString());
            }
            off("invalid config " + file + " (" + e.problems().size() + " problem(s) above); the agent is off,"
                    + " the application runs unchanged");
            return null;
        }
    }

    private static AgentLog openLog(LogConfig config) {
        AgentLog.Level level = AgentLog.Level.valueOf(config.level().name());
        return config.file().map(f -> AgentLog.toFile(level, f)).orElseGet(() -> AgentLog.toStderr(level));
    }

    private static List<ClassPattern> excludes(AgentConfig config) {
        return config.weave().exclude().stream().map(ClassPattern::parse).collect(Collectors.toList());
    }

    /** A rule that cannot apply to a method it matches: logged and shown by status and the CLI. */
    private void ruleProblem(String message) {
        log.error(message);
        notes.add(message);
    }

    private void off(String why) {
        state = "off: " + why;
        log.error(why);
    }

    private void startHttp(HttpExportConfig settings) {
        if (!settings.enabled()) {
            return;
        }
        Map<String, HttpEndpoint> routes = new LinkedHashMap<>();
        PrometheusExport metrics = export;
        routes.put("/metrics", request -> HttpResponse.of(200, metrics.contentType(), metrics.scrape()));
        routes.put("/status", request -> HttpResponse.json(status().toJson()));
        routes.put("/recommendations", request -> HttpResponse.json(adviceReport().toJson()));
        // The same findings and the latest window's stacks as one page (flame graphs) or as Markdown.
        routes.put("/report", request -> reportResponse(HttpResponse.HTML, () -> LiveReportHtml.standard()
                .render(liveReport())));
        routes.put("/report.md", request -> reportResponse(MARKDOWN, () -> LiveReportMarkdown.standard()
                .render(liveReport())));
        for (SampleKind kind : SampleKind.values()) {
            // The latest window's stacks, collapsed (root;...;leaf count): the dashboard's flame graphs.
            routes.put("/profile/" + kind.key(), request -> {
                WindowAdvisor current = advisor;
                return HttpResponse.text(current == null ? "" : current.latestStacks(kind));
            });
        }
        HttpAccess access = settings.token().map(HttpAccess::withToken).orElseGet(HttpAccess::open);
        if (settings.allowActions()) {
            access = access.allowingActions();
        }
        try {
            // The dashboard at / reads /status and charts /history (sampled by sampleHistory).
            routes.put("/history", new HistoryEndpoint(history));
            DashboardEndpoint dashboard = DashboardEndpoint.load();
            routes.putAll(dashboard.routes());
            access = access.withOpenPaths(dashboard.assetPaths());
        } catch (RuntimeException e) {
            log.error("dashboard is off: " + e);
        }
        try {
            http = AgentHttpServer.start(settings.host(), settings.port(), routes, Map.of(), access);
            if (settings.port() == 0) {
                log.info("port 0 in config: HTTP exports bound to http://" + httpAddress() + "/");
            }
            if (settings.openToNetwork()) {
                log.warn("export.http.insecure: the endpoints at http://" + httpAddress() + "/ are open to the"
                        + " network without a token: anyone who can reach this port reads the agent's figures");
            }
        } catch (Exception e) {
            String message = "HTTP exports are off: " + e.getMessage();
            log.error(message);
            notes.add(message);
        }
    }

    /** A class the host has loaded, by binary name; nothing is loaded for the lookup. */
    private Optional<Class<?>> loadedClass(String binaryName) {
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (type.getName().equals(binaryName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private AdviceReport adviceReport() {
        WindowAdvisor current = advisor;
        AgentConfig loaded = config;
        return current != null ? current.report()
                : AdviceReport.off(loaded == null ? AgentConfig.DEFAULT_SERVICE : loaded.service());
    }

    /**
     * The report as it stands: the latest window's advice and stacks, the profiler's state. Never waits for a
     * window (the exit hook calls it while the profiler may be stopping); the stacks may be one window newer
     * than the advice when a window is ending at that moment.
     */
    private LiveReport liveReport() {
        WindowAdvisor current = advisor;
        Map<SampleKind, String> stacks = new EnumMap<>(SampleKind.class);
        if (current != null) {
            for (SampleKind kind : SampleKind.values()) {
                stacks.put(kind, current.latestStacks(kind));
            }
        }
        AgentConfig loaded = config;
        return new LiveReport(loaded == null ? AgentConfig.DEFAULT_SERVICE : loaded.service(), Instant.now(),
                adviceReport(), profilingStatus(), stacks);
    }

    private HttpResponse reportResponse(String contentType, Supplier<String> body) {
        try {
            return HttpResponse.of(200, contentType, body.get());
        } catch (RuntimeException | LinkageError e) {
            log.rateLimited(AgentLog.Level.WARN, "report", "rendering the report failed: " + e);
            return HttpResponse.text(500, "rendering the report failed: " + e);
        }
    }

    /** Registers the shutdown hook of {@code report.on-exit}; a failure leaves the rest running, with a note. */
    private void startExitReport(AgentConfig loaded) {
        Optional<Path> file = loaded.report().onExit();
        if (file.isEmpty()) {
            return;
        }
        try {
            exitReport = ExitReport.install(file.get(), this::liveReport, log, new AgentThreads("exit-report"));
            log.info("the report is written to " + exitReport.file() + " when the JVM exits");
        } catch (RuntimeException e) {
            String message = "the report at exit is off: " + e;
            log.error(message);
            notes.add(message);
        }
    }

    private void startProfiler(AgentConfig loaded) {
        if (!loaded.profiling().enabled()) {
            return;
        }
        WindowTally tally = new WindowTally();
        profileTally = tally;
        // The woven sites' own figures, differenced window by window, feed the layer advice (worth a cache,
        // a breaker, a batch; a layer that does nothing); sampled each second for error bursts.
        // The accelerator's devices are read beside the sites: the batch detectors weigh queues against them.
        DeviceWindow devices = new DeviceWindow(() -> {
            AcceleratorRuntime accelerator = gpu;
            return accelerator == null ? List.of() : accelerator.devices();
        }, () -> {
            AcceleratorRuntime accelerator = gpu;
            return accelerator == null ? List.of() : accelerator.readings();
        });
        SiteEvidenceSource sites = SiteEvidenceSource.of(registry, ticker, devices);
        siteEvidence = sites;
        SiteAdvisor siteAdvisor = SiteAdvisor.standard(this::loadedClass, loaded.gpu().memoryHeadroomPercent(), log);
        WindowAdvisor windowAdvisor = new WindowAdvisor(Advisor.standard(log),
                evidence -> siteAdvisor.advise(sites.window()), loaded.service(), log);
        advisor = windowAdvisor;
        profiler = ContinuousProfiler.start(loaded.profiling(), new FanOutSink(List.of(tally, windowAdvisor)), log,
                new AgentThreads("profiler"), AgentRuntime.class.getClassLoader());
    }

    /** Chooses the accelerator off this thread (CUDA may take seconds to load); a failure leaves it off with a note. */
    private void startGpu(AgentConfig loaded, OtlpExport push) {
        try {
            AcceleratorRuntime accelerator = AcceleratorRuntime.start(loaded.gpu(), CudaProbe.JAVACPP, log,
                    new AgentThreads("gpu"));
            gpu = accelerator;
            accelerator.registerGauges(export.registry());
            if (push != null) {
                accelerator.registerGauges(push.registry());
            }
        } catch (RuntimeException | LinkageError e) {
            String message = "gpu telemetry is off: " + e;
            log.error(message);
            notes.add(message);
        }
    }

    private GpuStatus gpuStatus() {
        AcceleratorRuntime accelerator = gpu;
        return accelerator == null ? null : accelerator.status();
    }

    private ProfilingStatus profilingStatus() {
        ContinuousProfiler running = profiler;
        WindowTally tally = profileTally;
        if (running == null || tally == null) {
            return null;
        }
        ProfilerState s = running.state();
        WindowTally.Counts counts = tally.last();
        Map<String, Long> samples = new LinkedHashMap<>();
        counts.samples().forEach((kind, n) -> samples.put(kind.key(), n));
        return new ProfilingStatus(s.engine().key(), s.mode().key(), s.interval().toNanos() / 1e6,
                s.window().toMillis() / 1e3, s.windows(), s.lastWindowEnd(), s.lastOverheadPercent(),
                s.cpuSharesApproximate(), s.lastError(), samples, counts.events());
    }

    /** Starts the OTLP push if {@code export.otlp} is on; a failure leaves it off with a note, the rest running. */
    private OtlpExport startOtlp(AgentConfig loaded) {
        OtlpExportConfig settings = loaded.export().otlp();
        if (!settings.enabled()) {
            return null;
        }
        try {
            OtlpExport push = OtlpExport.start(new OtlpSettings(settings.endpoint(), settings.interval(),
                            settings.headers(), OtlpResource.attributes(loaded.service(), settings.resource()),
                            OtlpSettings.Temporality.valueOf(settings.temporality().name())),
                    new AgentThreads("otlp"), message -> log.rateLimited(AgentLog.Level.WARN, "otlp-push", message));
            log.info("pushing metrics over OTLP to " + settings.endpoint() + " every "
                    + settings.interval().toMillis() + " ms");
            return push;
        } catch (RuntimeException | LinkageError e) {
            String message = "OTLP push is off: " + e;
            log.error(message);
            notes.add(message);
            return null;
        }
    }

    private String httpAddress() {
        AgentHttpServer server = http;
        return server == null ? null : server.address().getHostString() + ":" + server.port();
    }

    private void startControlLoop(AgentConfig loaded) {
        ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, new AgentThreads("control"));
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.scheduleAtFixedRate(this::drainRecorders, DRAIN_PERIOD_SECONDS, DRAIN_PERIOD_SECONDS, TimeUnit.SECONDS);
        loop.scheduleAtFixedRate(this::tickLayers, BATCH_TICK_MILLIS, BATCH_TICK_MILLIS, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::watchCaches, 1, 1, TimeUnit.SECONDS);
        SiteEvidenceSource sites = siteEvidence;
        if (sites != null) {
            loop.scheduleAtFixedRate(() -> {
                try {
                    sites.sample();
                } catch (Throwable t) {
                    log.rateLimited(AgentLog.Level.WARN, "site-sample", "advisor: sampling the sites failed: " + t);
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
        if (loaded.reload().enabled() && !AgentConfig.DEFAULTS_SOURCE.equals(loaded.source())) {
            ConfigReloader reloader = new ConfigReloader(Paths.get(loaded.source()), new ConfigReloader.Target() {
                @Override
                public AgentConfig config() {
                    return config;
                }

                @Override
                public void applyLayers(AgentConfig next) {
                    AgentRuntime.this.applyLayers(next);
                }

                @Override
                public void restart(AgentConfig next) {
                    AgentRuntime.this.restart(next);
                }
            }, log);
            long every = loaded.reload().interval().toMillis();
            loop.scheduleWithFixedDelay(reloader::check, every, every, TimeUnit.MILLISECONDS);
        }
        if ("premain".equals(mode)) {
            // At start-up most classes are not loaded yet: give the application time before warning.
            loop.schedule(this::warnUnmatchedRules, loaded.weave().unmatchedWarningAfter().toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            // On attach the loaded classes were just retransformed: say it now, in the CLI's reply too.
            warnUnmatchedRules();
        }
        loop.schedule(this::calibrateOverhead, 1, TimeUnit.SECONDS);
        if (http != null) {
            long every = history.interval().toMillis();
            loop.scheduleAtFixedRate(this::sampleHistory, 0, every, TimeUnit.MILLISECONDS);
        }
        control = loop;
    }

    private void sampleHistory() {
        try {
            history.record(status(), System.currentTimeMillis());
        } catch (Throwable t) {
            log.rateLimited(AgentLog.Level.WARN, "history", "control loop fault: " + t);
        }
    }

    private void drainRecorders() {
        try {
            for (Site site : registry.all()) {
                site.timing().drain();
            }
        } catch (Throwable t) {
            log.rateLimited(AgentLog.Level.WARN, "drain", "control loop fault: " + t);
        }
    }

    /** Once a second: each cache's eviction-storm watch. */
    private void watchCaches() {
        try {
            for (Site site : registry.all()) {
                if (site.chain().layer(LayerKind.CACHE) instanceof CacheLayer) {
                    ((CacheLayer) site.chain().layer(LayerKind.CACHE)).watchEvictions();
                }
            }
        } catch (Throwable t) {
            log.rateLimited(AgentLog.Level.WARN, "cache-watch", "control loop fault (cache eviction watch): " + t);
        }
    }

    private void tickLayers() {
        try {
            RetiredLayers retired = retiredLayers;
            if (retired != null) {
                retired.tick();
            }
            for (Site site : registry.all()) {
                if (site.batch() != null) {
                    site.batch().tick();
                }
            }
        } catch (Throwable t) {
            log.rateLimited(AgentLog.Level.WARN, "layer-tick", "control loop fault: " + t);
        }
    }

    private void calibrateOverhead() {
        try {
            overheadNanosPerCall = OverheadCalibration.nanosPerCall(ticker);
            log.debug(String.format(java.util.Locale.ROOT, "timing path costs about %.1f ns per call", overheadNanosPerCall));
        } catch (Throwable t) {
            log.warn("overhead calibration failed: " + t);
        }
    }

    private double estimatedOverheadSeconds() {
        double perCall = overheadNanosPerCall;
        if (Double.isNaN(perCall) || registry == null) {
            return 0;
        }
        long calls = 0;
        for (Site site : registry.all()) {
            calls += site.calls();
        }
        return calls * perCall / 1e9;
    }

    private void warnUnmatchedRules() {
        List<String> matched = registry.rulesWithSites();
        for (RuleConfig rule : config.rules()) {
            if (!matched.contains(rule.name())) {
                String message = "rule '" + rule.name() + "' (" + rule.location() + ") matches no method yet: "
                        + rule.match().stream().map(Object::toString).collect(Collectors.joining(", "))
                        + " (checked " + inst.getAllLoadedClasses().length + " loaded classes; classes loaded later are still checked)";
                log.warn(message);
                notes.add(message);
            }
        }
        if (config.rules().isEmpty()) {
            notes.add("the config has no rules: nothing is woven");
        }
    }

    private void registerSelfMetrics(MeterRegistry meters) {
        Gauge.builder("perfagent.agent.woven.classes", this, r -> r.selector == null ? 0 : r.selector.wovenClassCount())
                .description("Classes with at least one woven method").register(meters);
        Gauge.builder("perfagent.agent.sites", this, r -> r.registry.all().size())
                .description("Woven methods (sites)").register(meters);
        FunctionCounter.builder("perfagent.agent.faults", this, r -> r.dispatcher.faults())
                .description("Faults inside the agent, caught before they reached the application").register(meters);
        FunctionCounter.builder("perfagent.agent.weave.failures", weaveFailures, LongAdder::sum)
                .description("Classes the weaver failed to transform (left unchanged)").register(meters);
        FunctionCounter.builder("perfagent.agent.weave.seconds", weaveNanos, n -> n.sum() / 1e9)
                .description("CPU time the class-file transformer spent, all classes included").register(meters);
        FunctionCounter.builder("perfagent.agent.overhead.seconds", this, AgentRuntime::estimatedOverheadSeconds)
                .description("Estimated time the timing layer added to woven calls: calls x the per-call cost"
                        + " calibrated at start (perfagent_agent_overhead_per_call_seconds)").register(meters);
        Gauge.builder("perfagent.agent.overhead.per.call.seconds", this, r -> r.overheadNanosPerCall / 1e9)
                .description("Cost of the timing path per call, calibrated once at start on this machine")
                .register(meters);
        Gauge.builder("perfagent.agent.info", () -> 1).tag("version", AgentVersion.VALUE).tag("mode", mode)
                .tag("service", config.service())
                .description("perf-agent build and start mode").register(meters);
    }

    private String startedMessage() {
        if (state.startsWith("off")) {
            // The problems themselves, not only "see the log": the log is the target's stderr.
            return "error: perf-agent is " + state
                    + notes.stream().map(n -> "\n" + n).collect(Collectors.joining());
        }
        if ("premain".equals(mode)) {
            return "starting";
        }
        SiteRegistry sites = registry;
        String address = httpAddress();
        return "perf-agent attached to pid " + ProcessHandle.current().pid() + ": " + sites.all().size()
                + " method(s) woven in " + selector.wovenClassCount() + " class(es)"
                + (address != null ? "; metrics at http://" + address + "/metrics" : "")
                + notes.stream().map(n -> "\nnote: " + n).collect(Collectors.joining());
    }

    private StatusReport status() {
        SiteRegistry sites = registry;
        AgentConfig settings = config;
        // Cache keys and other values of the host's data only when the user asked to see them.
        boolean showValues = settings != null && settings.export().http().showValues();
        List<SiteStatus> siteStatus = new ArrayList<>();
        if (sites != null) {
            for (Site site : sites.all()) {
                SiteStatus one;
                try {
                    one = SiteStatus.from(site, site.layers(), site.batchMetrics(), showValues);
                } catch (RuntimeException e) {
                    // A broken batch layer must not take the whole report down: show the site without it.
                    log.rateLimited(AgentLog.Level.WARN, "status:" + site.id(), "status of " + site.method() + ": " + e);
                    one = SiteStatus.from(site, site.layers());
                }
                siteStatus.add(one);
            }
        }
        AgentConfig current = config;
        SelfStatus self = new SelfStatus(selector == null ? 0 : selector.wovenClassCount(), siteStatus.size(),
                dispatcher == null ? 0 : dispatcher.faults(), weaveNanos.sum(), httpAddress());
        List<String> allNotes = new ArrayList<>();
        allNotes.add("state: " + state);
        allNotes.addAll(notes);
        return new StatusReport(current == null ? "unknown-service" : current.service(), AgentVersion.VALUE,
                System.getProperty("java.version"), ProcessHandle.current().pid(), mode, startedAt,
                current == null ? args.getOrDefault("config", "<none>") : current.source(), siteStatus, self, allNotes,
                profilingStatus(), gpuStatus());
    }

    private synchronized String detach() {
        detached = true;
        Hooks.install(null);
        int sites = registry == null ? 0 : registry.all().size();
        int classes = selector == null ? 0 : selector.wovenClassCount();
        stopParts();
        // Only after CUDA loaded: JavaCPP's deallocator thread would keep this class loader alive.
        if (JavaCppDeallocator.stop()) {
            log.debug("gpu: stopped JavaCPP's deallocator thread");
        }
        state = "detached";
        log.info("detached: " + classes + " class(es) restored, " + sites + " site(s) removed");
        log.close();
        return "perf-agent detached from pid " + ProcessHandle.current().pid() + ": " + classes
                + " class(es) restored to their original bytecode";
    }

    /** Takes down whatever was started, each part on its own so one failure does not strand the rest. */
    private void stopParts() {
        Hooks.install(null);
        // Before the classes are restored: calls still queued run the original method on their own
        // threads, batches in flight finish, so no caller is left waiting on a batcher that is gone.
        closeLayers();
        RetiredLayers retired = retiredLayers;
        retiredLayers = null;
        if (retired != null) {
            retired.closeAll();
        }
        Weaver w = weaver;
        weaver = null;
        if (w != null) {
            try {
                w.reset();
            } catch (Throwable t) {
                log.error("restoring woven classes failed: " + t);
            }
        }
        ExitReport atExit = exitReport;
        exitReport = null;
        if (atExit != null) {
            atExit.remove();
        }
        ContinuousProfiler runningProfiler = profiler;
        profiler = null;
        advisor = null;
        siteEvidence = null;
        if (runningProfiler != null) {
            try {
                runningProfiler.close();
            } catch (Throwable t) {
                log.error("stopping the profiler failed: " + t);
            }
        }
        AcceleratorRuntime accelerator = gpu;
        gpu = null;
        if (accelerator != null) {
            try {
                accelerator.close(); // frees the staging pool (pinned memory) and the driver handles
            } catch (Throwable t) {
                log.error("stopping the gpu telemetry failed: " + t);
            }
        }
        AgentHttpServer server = http;
        http = null;
        if (server != null) {
            try {
                server.close();
            } catch (Throwable t) {
                log.error("stopping the HTTP server failed: " + t);
            }
        }
        ScheduledExecutorService loop = control;
        control = null;
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        OtlpExport push = otlp;
        otlp = null;
        if (push != null) {
            try {
                push.close(); // pushes the last figures
            } catch (Throwable t) {
                log.error("stopping the OTLP push failed: " + t);
            }
        }
        PrometheusExport metrics = export;
        if (metrics != null) {
            metrics.close();
        }
        AgentRecording recording = jfr;
        jfr = null;
        JfrExport.stop(recording, log);
    }

    /** Closes every site's call layers: batch layers wait for their pending calls, the others release waiters. */
    private void closeLayers() {
        SiteRegistry sites = registry;
        if (sites == null) {
            return;
        }
        for (Site site : sites.all()) {
            for (CallLayer layer : site.chain().layers()) {
                try {
                    if (layer instanceof BatchLayer) {
                        if (!((BatchLayer) layer).close(BATCH_CLOSE_PATIENCE)) {
                            log.warn("batch layer of " + site.method() + ": calls still in flight after "
                                    + BATCH_CLOSE_PATIENCE.toSeconds() + " s; they finish on their own threads");
                        }
                    } else {
                        layer.close();
                    }
                } catch (Throwable t) {
                    log.error("closing the " + layer.kind().key() + " layer of " + site.method() + " failed: " + t);
                }
            }
        }
    }

    /** Counts what the weaver does and logs failures once per class. */
    private final class Listener implements WeaveListener {
        @Override
        public void woven(String className, boolean wasLoaded) {
            log.debug("woven " + className + (wasLoaded ? " (retransformed)" : ""));
        }

        @Override
        public void spent(long nanos) {
            weaveNanos.add(nanos);
        }

        @Override
        public void failed(String className, Throwable error) {
            weaveFailures.increment();
            log.rateLimited(AgentLog.Level.WARN, "weave:" + className,
                    "cannot weave " + className + "; it runs unchanged: " + error);
        }
    }
}
