package dev.perfagent.agent.gpu;

import dev.perfagent.agent.config.GpuConfig;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.jfr.GpuTelemetryEvent;
import dev.perfagent.export.report.DeviceStatus;
import dev.perfagent.export.report.GpuStatus;
import dev.perfagent.gpu.Accelerator;
import dev.perfagent.gpu.AcceleratorChoice;
import dev.perfagent.gpu.AcceleratorSelection;
import dev.perfagent.gpu.CudaProbe;
import dev.perfagent.gpu.DeviceInfo;
import dev.perfagent.gpu.DeviceReading;
import dev.perfagent.gpu.GpuMode;
import dev.perfagent.gpu.StagingBuffer;
import dev.perfagent.gpu.StagingBufferPool;
import dev.perfagent.gpu.StagingPoolStats;
import dev.perfagent.gpu.StagingSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The accelerator the agent runs with: chosen on its own thread ({@code perf-agent-gpu}) after start, so
 * loading CUDA never holds up the host's start-up; read every {@code gpu.period} for the gauges, the
 * {@link GpuTelemetryEvent} and {@code /status}; and, as a {@link StagingSource}, the staging buffers batches
 * are assembled in. {@link #close()} (detach, reload) stops the thread, frees the pool and closes the
 * accelerator.
 *
 * <p>Thread-safe. Until the choice is made {@link #choice()} is empty, {@link #status()} says
 * {@code selecting} and {@link #acquire} lends unpooled direct buffers. Detectors read the devices' last
 * figures through {@link #readings()}.
 */
public final class AcceleratorRuntime implements StagingSource, AutoCloseable {

    private final GpuConfig config;
    private final CudaProbe probe;
    private final AgentLog log;
    private final ScheduledThreadPoolExecutor thread;
    private final List<MeterRegistry> registries = new ArrayList<>(); // guarded by this
    /** Staging requests served before the pool existed. */
    private final LongAdder unpooledBeforeChoice = new LongAdder();
    private volatile AcceleratorChoice choice;
    private volatile StagingBufferPool pool;
    private volatile List<DeviceInfo> devices = List.of();
    private volatile List<DeviceReading> readings = List.of();
    private volatile boolean closed;

    private AcceleratorRuntime(GpuConfig config, CudaProbe probe, AgentLog log, ThreadFactory threads) {
        this.config = config;
        this.probe = probe;
        this.log = log;
        this.thread = new ScheduledThreadPoolExecutor(1, threads);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts choosing the accelerator on a thread of {@code threads}; returns at once.
     *
     * @param config the {@code gpu} section
     * @param probe how CUDA is loaded ({@link CudaProbe#JAVACPP}; tests give one that fails)
     * @param log the agent's log: one line says which accelerator and why
     * @param threads makes the {@code perf-agent-gpu} thread
     * @return the running part; close it on detach
     */
    public static AcceleratorRuntime start(GpuConfig config, CudaProbe probe, AgentLog log, ThreadFactory threads) {
        AcceleratorRuntime runtime = new AcceleratorRuntime(config, probe, log, threads);
        runtime.thread.execute(runtime::select);
        return runtime;
    }

    /**
     * Registers the {@code perfagent_gpu_*} gauges on {@code registry} once the devices are known (at
     * once if they are).
     *
     * @param registry the Prometheus or OTLP meter registry
     */
    public synchronized void registerGauges(MeterRegistry registry) {
        registries.add(registry);
        if (choice != null) {
            addGauges(registry);
        }
    }

    private void select() {
        AcceleratorChoice chosen;
        try {
            chosen = AcceleratorSelection.choose(config.mode(), probe);
        } catch (Throwable t) {
            log.error("gpu: choosing the accelerator failed: " + t); // choose never throws; belt and braces
            return;
        }
        if (closed) {
            chosen.accelerator().close();
            return;
        }
        Accelerator accelerator = chosen.accelerator();
        pool = new StagingBufferPool(accelerator.hostMemory(), config.pinnedPoolMaxBytes());
        sample(accelerator);
        synchronized (this) {
            // Gauges first: whoever sees the choice also finds its gauges.
            for (MeterRegistry registry : registries) {
                addGauges(registry);
            }
            choice = chosen;
        }
        String line = "gpu: " + chosen.reason() + describe(devices);
        if (chosen.fellBack() && config.mode() == GpuMode.CUDA) {
            log.error(line + " (gpu.mode is cuda)");
        } else {
            log.info(line);
        }
        long every = config.period().toMillis();
        try {
            thread.scheduleAtFixedRate(() -> sample(accelerator), every, every, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() raced with the choice: it closes the accelerator once this task ends.
        }
    }

    private void sample(Accelerator accelerator) {
        try {
            if (closed) {
                return;
            }
            List<DeviceInfo> nowDevices = accelerator.devices();
            List<DeviceReading> nowReadings = accelerator.readings();
            devices = nowDevices;
            readings = nowReadings;
            if (GpuTelemetryEvent.enabled()) {
                for (int i = 0; i < nowReadings.size() && i < nowDevices.size(); i++) {
                    DeviceInfo d = nowDevices.get(i);
                    DeviceReading r = nowReadings.get(i);
                    GpuTelemetryEvent.emit(d.kind(), d.index(), d.name(), r.utilization(), r.processUtilization(),
                            r.memoryUsedBytes(), d.totalMemoryBytes(), r.memoryBandwidthUse(), r.temperatureCelsius(),
                            r.powerWatts());
                }
            }
        } catch (Throwable t) {
            log.rateLimited(AgentLog.Level.WARN, "gpu-sample", "gpu: reading the devices failed: " + t);
        }
    }

    /** The accelerator chosen and why; empty while it is being chosen. */
    public Optional<AcceleratorChoice> choice() {
        return Optional.ofNullable(choice);
    }

    /** The devices as of the last reading (empty before the choice). */
    public List<DeviceInfo> devices() {
        return devices;
    }

    /** The devices' last live figures, for detectors (empty before the choice). */
    public List<DeviceReading> readings() {
        return readings;
    }

    /** The share of a device's memory, 0 to 100, batches leave free ({@code gpu.memory-headroom}). */
    public double memoryHeadroomPercent() {
        return config.memoryHeadroomPercent();
    }

    /** The staging buffer pool batches are assembled in; empty before the choice. */
    public Optional<StagingBufferPool> stagingPool() {
        return Optional.ofNullable(pool);
    }

    /**
     * Lends a buffer to assemble a batch in: from the staging pool once the accelerator is chosen (page-locked
     * with CUDA, direct on the CPU; past the pool's bound or after {@link #close()}, an unpooled direct buffer
     * the pool counts as an overflow), before that an unpooled direct buffer, counted too. Never fails for want
     * of staging memory.
     */
    @Override
    public StagingBuffer acquire(int bytes) {
        StagingBufferPool staging = pool;
        if (staging != null) {
            return staging.acquire(bytes);
        }
        StagingBuffer lent = StagingBuffer.unpooled(bytes);
        unpooledBeforeChoice.increment();
        return lent;
    }

    /** The {@code gpu} member of {@code /status}. */
    public GpuStatus status() {
        String mode = config.mode().name().toLowerCase(Locale.ROOT);
        AcceleratorChoice chosen = choice;
        if (chosen == null) {
            return new GpuStatus(mode, null, closed ? "closed" : "selecting", List.of(), null);
        }
        List<DeviceInfo> infos = devices;
        List<DeviceReading> figures = readings;
        List<DeviceStatus> list = new ArrayList<>(infos.size());
        for (int i = 0; i < infos.size(); i++) {
            DeviceInfo d = infos.get(i);
            DeviceReading r = i < figures.size() ? figures.get(i) : DeviceReading.unknown(d.kind(), d.index());
            list.add(new DeviceStatus(d.kind(), d.index(), d.name(), d.computeCapability(), d.cores(),
                    d.totalMemoryBytes(), r.memoryUsedBytes(), r.utilization(), r.processUtilization(),
                    r.memoryBandwidthUse(), r.temperatureCelsius(), r.powerWatts()));
        }
        StagingBufferPool staging = pool;
        GpuStatus.StagingPoolStatus poolStatus = null;
        if (staging != null) {
            StagingPoolStats s = staging.stats();
            poolStatus = new GpuStatus.StagingPoolStatus(s.memoryKind(), s.maxBytes(), s.allocatedBytes(),
                    s.inUseBytes(), s.idleBuffers(), s.allocations(), s.reuses(), s.overflows(),
                    unpooledBeforeChoice.sum());
        }
        return new GpuStatus(mode, chosen.accelerator().kind(), chosen.reason(), list, poolStatus);
    }

    /**
     * One gauge per figure and device; bandwidth, temperature and power only where the device reported them
     * at its first reading (a CPU has no temperature: no gauge rather than a NaN series forever).
     */
    private void addGauges(MeterRegistry registry) {
        List<DeviceInfo> infos = devices;
        List<DeviceReading> first = readings;
        for (int i = 0; i < infos.size() && i < first.size(); i++) {
            DeviceInfo d = infos.get(i);
            DeviceReading r = first.get(i);
            Tags tags = Tags.of("kind", d.kind(), "index", Integer.toString(d.index()), "name", d.name());
            int at = i;
            // Every device has a load and memory in use (the CPU's load is unknown until the OS has two samples).
            gauge(registry, "perfagent.gpu.utilization.ratio", "Share of time the device was busy (the CPU: recent"
                    + " CPU load of the machine)", tags, 0, at, DeviceReading::utilization);
            // Registered whatever its first value, like the load: the CPU's is unknown until the OS has two samples,
            // and a GPU's is unknown inside a container (NVML's host pids), where it may later read 0.
            gauge(registry, "perfagent.gpu.process.utilization.ratio", "Share of the device's time this process's"
                    + " own work kept it busy (the CPU: this process's CPU load)", tags, 0, at,
                    DeviceReading::processUtilization);
            gauge(registry, "perfagent.gpu.memory.used.bytes", "Device memory in use (the CPU: physical memory)",
                    tags, 0, at, x -> x.memoryUsedBytes() < 0 ? Double.NaN : x.memoryUsedBytes());
            Gauge.builder("perfagent.gpu.memory.total.bytes", this, rt -> rt.total(at))
                    .description("Device memory in all").tags(tags).strongReference(true).register(registry);
            gauge(registry, "perfagent.gpu.memory.bandwidth.ratio", "Share of time device memory was being read or"
                    + " written", tags, r.memoryBandwidthUse(), at, DeviceReading::memoryBandwidthUse);
            gauge(registry, "perfagent.gpu.temperature.celsius", "Device core temperature", tags,
                    r.temperatureCelsius(), at, DeviceReading::temperatureCelsius);
            gauge(registry, "perfagent.gpu.power.watts", "Device power draw", tags, r.powerWatts(), at,
                    DeviceReading::powerWatts);
        }
    }

    private void gauge(MeterRegistry registry, String name, String help, Tags tags, double firstValue, int index,
                       ToDoubleFunction<DeviceReading> figure) {
        if (Double.isNaN(firstValue) || firstValue < 0) {
            return;
        }
        Gauge.builder(name, this, rt -> rt.figure(index, figure)).description(help).tags(tags)
                .strongReference(true).register(registry);
    }

    private double figure(int index, ToDoubleFunction<DeviceReading> figure) {
        List<DeviceReading> now = readings;
        return index < now.size() ? figure.applyAsDouble(now.get(index)) : Double.NaN;
    }

    private double total(int index) {
        List<DeviceInfo> now = devices;
        return index < now.size() ? now.get(index).totalMemoryBytes() : Double.NaN;
    }

    private static String describe(List<DeviceInfo> devices) {
        StringBuilder text = new StringBuilder();
        for (DeviceInfo d : devices) {
            text.append(text.length() == 0 ? "; " : ", ").append(d.kind()).append(d.index()).append(": ")
                    .append(d.name());
            if (!d.computeCapability().isEmpty()) {
                text.append(" (compute ").append(d.computeCapability()).append(')');
            }
            text.append(String.format(Locale.ROOT, ", %d cores, %.1f GiB", d.cores(),
                    d.totalMemoryBytes() / (double) (1L << 30)));
        }
        return text.toString();
    }

    /**
     * Stops the telemetry, frees the staging pool and closes the accelerator. Idempotent. Batches still in
     * flight keep their buffers: the pool frees each as it comes back, and lends only unpooled ones from now.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            // A CUDA driver call cannot be interrupted; the selection closes what it opens after this.
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StagingBufferPool staging = pool;
        if (staging != null) {
            staging.close();
        }
        AcceleratorChoice chosen = choice;
        if (chosen != null) {
            try {
                chosen.accelerator().close();
            } catch (Throwable t) {
                log.warn("gpu: closing the " + chosen.accelerator().kind() + " accelerator failed: " + t);
            }
        }
    }
}
