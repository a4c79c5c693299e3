package dev.perfagent.agent.report;

import dev.perfagent.agent.config.ReportConfig;
import dev.perfagent.agent.log.AgentLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes the report when the JVM exits, from a shutdown hook ({@code report.on-exit}).
 *
 * <p>The hook renders whatever the agent last had: it takes a {@link LiveReport} from its source and does not
 * wait for the profiling window in progress (the profiler may be stopping at the same moment). It never
 * throws: a failure is logged once, with the file. {@link #remove()} takes the hook out again on detach or
 * restart, so the JVM holds no reference into the agent's class loader afterwards.
 */
public final class ExitReport {
    private final Path file;
    private final Function<LiveReport, String> renderer;
    private final Supplier<LiveReport> source;
    private final AgentLog log;
    private final Thread hook;

    private ExitReport(Path file, Function<LiveReport, String> renderer, Supplier<LiveReport> source, AgentLog log,
                       ThreadFactory threads) {
        this.file = file;
        this.renderer = renderer;
        this.source = source;
        this.log = log;
        this.hook = threads.newThread(this::write);
    }

    /**
     * Registers the hook that writes the report to {@code file}, in the format its extension names.
     *
     * @param file where; a relative path is taken from the working directory now
     * @param source the report as it stands when called (from the hook's thread, at exit)
     * @param threads makes the hook's thread (not started until the JVM exits)
     * @return the registered hook's owner, for {@link #remove()}
     * @throws IllegalArgumentException when the extension names no format
     * @throws IllegalStateException when the JVM is already shutting down
     */
    public static ExitReport install(Path file, Supplier<LiveReport> source, AgentLog log, ThreadFactory threads) {
        ReportConfig.Format format = ReportConfig.Format.of(file)
                .orElseThrow(() -> new IllegalArgumentException("no report format for " + file));
        Function<LiveReport, String> renderer = switch (format) {
            case HTML -> LiveReportHtml.standard()::render;
            case MARKDOWN -> LiveReportMarkdown.standard()::render;
        };
        ExitReport report = new ExitReport(file.toAbsolutePath(), renderer, source, log, threads);
        Runtime.getRuntime().addShutdownHook(report.hook);
        return report;
    }

    /** Where the report goes, as an absolute path. */
    public Path file() {
        return file;
    }

    /** Takes the hook out; harmless when the JVM is already running it. */
    public void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the hook runs (or has run) and goes with the JVM.
        }
    }

    /** Renders and writes the report; logs the outcome, never throws. Package-private for tests. */
    void write() {
        try {
            String text = renderer.apply(source.get());
            AtomicFile.write(file, text);
            log.info("report written to " + file + " (" + text.getBytes(StandardCharsets.UTF_8).length / 1024
                    + " KB)");
        } catch (Throwable t) {
            log.error("writing the report to " + file + " failed: " + t);
        }
    }
}
