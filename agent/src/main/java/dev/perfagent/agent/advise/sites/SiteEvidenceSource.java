package dev.perfagent.agent.advise.sites;

import dev.perfagent.agent.site.Site;
import dev.perfagent.agent.site.SiteRegistry;
import dev.perfagent.agent.time.Ticker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the sites' cumulative counters into {@link SiteEvidence} for one window at a time: it keeps the
 * readings taken at the end of the previous window and subtracts them from the readings now.
 *
 * <p>Error and slow-call bursts need a finer grain than the window: {@link #sample()}, called about once a
 * second on the control thread, closes one "second" and remembers, per site, the second with the most errors
 * and the one with the most slow calls. Without it, the "second" is the time between {@link #window()} calls.
 *
 * <p>Given a {@link DeviceWindow}, each sample also reads the accelerator's devices, and each window carries
 * their mean busy ratio and peak memory in use ({@link SiteEvidence#devices()}) for the device detectors.
 *
 * <p>Both methods are meant for one thread (the control loop) and are synchronized for safety; they take the
 * sites' counters without locks, as the exporters do.
 */
public final class SiteEvidenceSource {
    private final Supplier<List<Site>> sites;
    private final Ticker ticker;
    private final DeviceWindow devices;
    private final Map<Integer, Track> tracks = new HashMap<>();
    private long windowStart;

    /** A site's readings at the window's start and at the last sample, and its worst seconds so far. */
    private static final class Track {
        SiteReading atWindowStart;
        SiteReading atLastSample;
        SecondCounts worstErrors = SecondCounts.NONE;
        SecondCounts worstSlow = SecondCounts.NONE;

        Track(SiteReading start) {
            atWindowStart = start;
            atLastSample = start;
        }
    }

    /**
     * A source over the sites {@code sites} gives each time, whose first window starts now.
     *
     * @param sites the sites now, e.g. {@code registry::all}
     * @param ticker the clock the window's length is measured on
     */
    public SiteEvidenceSource(Supplier<List<Site>> sites, Ticker ticker) {
        this(sites, ticker, DeviceWindow.NONE);
    }

    /**
     * As above, with the accelerator's devices sampled beside the sites.
     *
     * @param devices the devices' readings, sampled with the sites and closed with each window
     */
    public SiteEvidenceSource(Supplier<List<Site>> sites, Ticker ticker, DeviceWindow devices) {
        this.devices = devices;
        this.sites = sites;
        this.ticker = ticker;
        this.windowStart = ticker.read();
        for (Site site : sites.get()) {
            tracks.put(site.id(), new Track(SiteReading.of(site)));
        }
    }

    /** A source over a registry's sites. */
    public static SiteEvidenceSource of(SiteRegistry registry, Ticker ticker) {
        return new SiteEvidenceSource(registry::all, ticker);
    }

    /** A source over a registry's sites and the accelerator's devices. */
    public static SiteEvidenceSource of(SiteRegistry registry, Ticker ticker, DeviceWindow devices) {
        return new SiteEvidenceSource(registry::all, ticker, devices);
    }

    /** Closes one second: remembers each site's worst second of the window so far. */
    public synchronized void sample() {
        devices.sample();
        for (Site site : sites.get()) {
            Track track = tracks.computeIfAbsent(site.id(), id -> new Track(SiteReading.ZERO));
            SiteReading now = SiteReading.of(site);
            SiteReading second = now.minus(track.atLastSample);
            SecondCounts counts = new SecondCounts(second.calls(), second.errors(), second.slow());
            if (counts.errors() > track.worstErrors.errors()) {
                track.worstErrors = counts;
            }
            if (counts.slow() > track.worstSlow.slow()) {
                track.worstSlow = counts;
            }
            track.atLastSample = now;
        }
    }

    /** The evidence since the previous call (or since this source was made), and a new window begins. */
    public synchronized SiteEvidence window() {
        sample();
        long now = ticker.read();
        long length = now - windowStart;
        windowStart = now;
        List<SiteWindow> windows = new ArrayList<>();
        for (Site site : sites.get()) {
            Track track = tracks.get(site.id());
            SiteReading reading = track.atLastSample;
            SiteReading window = reading.minus(track.atWindowStart);
            org.HdrHistogram.Histogram recent = site.recentLatency();
            long p99 = recent.getTotalCount() == 0 ? 0 : recent.getValueAtPercentile(99);
            windows.add(new SiteWindow(site.method(), site.rule(), site.layers(), length, window.calls(),
                    window.errors(), window.slow(), window.totalNanos(), site.sloNanos().orElse(0), p99, track.worstErrors, track.worstSlow,
                    window.cache(), window.breaker(), window.batch(), window.shadow()));
            track.atWindowStart = reading;
            track.worstErrors = SecondCounts.NONE;
            track.worstSlow = SecondCounts.NONE;
        }
        return new SiteEvidence(length, windows, devices.close());
    }
}
