package dev.perfagent.agent.site;

import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.config.TimeConfig;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerChain;
import dev.perfagent.agent.layer.LayerKind;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.DeviceMemory;
import dev.perfagent.agent.layer.cache.CacheLayer;
import dev.perfagent.agent.layer.cache.InvalidationLayer;
import dev.perfagent.agent.layer.timing.TimingRecorder;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hands out site ids and holds the sites. The dispatcher reads a plain array by id (one volatile read,
 * no lookup); registration, rare and off the hot path, copies the array under this object's lock.
 * The same method always gets the same id, so retransformation weaves the same constant again.
 */
public final class SiteRegistry {
    /** How far back the latency percentiles look, and in how many slots. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int WINDOW_SLOTS = 6;

    private final Ticker ticker;
    private final AgentLog log;
    private final Consumer<Site> onNewSite;
    private final Map<String, Site> byMethod = new HashMap<>();
    /** What each site was built from, by id, so a reload can rebuild its layers. */
    private final Map<Integer, Origin> origins = new HashMap<>();
    private volatile Site[] sites = new Site[0];
    private final DeviceMemory deviceMemory;
    private volatile SiteFaults faults = (site, fault) -> site.fault();

    /** The rule a site's layers come from now, and what they were built for. */
    private record Origin(RuleConfig rule, LayerTarget target, BatchAdapter batchAdapter) {
    }

    /** Where a site's layers report an exception that escaped them. */
    @FunctionalInterface
    public interface SiteFaults {
        void fault(Site site, Throwable fault);
    }

    /** @param onNewSite told about each new site, under the registry's lock */
    public SiteRegistry(Ticker ticker, AgentLog log, Consumer<Site> onNewSite) {
        this(ticker, log, DeviceMemory.NONE, onNewSite);
    }

    /**
     * @param deviceMemory the memory of the device batches run on, for the batch layers' memory-aware cap
     * @param onNewSite    told about each new site, under the registry's lock
     */
    public SiteRegistry(Ticker ticker, AgentLog log, DeviceMemory deviceMemory, Consumer<Site> onNewSite) {
        this.deviceMemory = deviceMemory;
        this.ticker = ticker;
        this.log = log;
        this.onNewSite = onNewSite;
    }

    /** Publishes a new site: the dispatcher's array grows by one (copied: readers never lock). */
    private void add(Site site) {
        Site[] grown = java.util.Arrays.copyOf(sites, sites.length + 1);
        grown[site.id()] = site;
        byMethod.put(site.method(), site);
        sites = grown;
        onNewSite.accept(site);
    }

    /** Sends the layers' faults here (the dispatcher, which counts and logs them). */
    public void onFault(SiteFaults sink) {
        faults = sink;
    }

    /** The site of {@code method}, created for {@code rule} on first sight, with no batch adapter. */
    public Site register(RuleConfig rule, String method) {
        return register(rule, LayerTarget.of(rule.name(), method, "void", List.of()), null);
    }

    /**
     * The site of {@code target}'s method, created for {@code rule} on first sight.
     *
     * @param batchAdapter how calls merge, when the rule batches; else null
     */
    public synchronized Site register(RuleConfig rule, LayerTarget target, BatchAdapter batchAdapter) {
        String method = target.method();
        Site existing = byMethod.get(method);
        if (existing != null) {
            return existing;
        }
        // A batched call's latency objective is the batch layer's unless the time layer names its own.
        Duration slo = rule.time().flatMap(TimeConfig::sloP99)
                .or(() -> rule.batch().flatMap(b -> b.settings().sloP99())).orElse(null);
        int id = sites.length;
        Site[] self = new Site[1];
        LayerChain chain = SiteLayers.build(rule, target, batchAdapter, deviceMemory, ticker, log,
                fault -> faults.fault(self[0], fault));
        Site site = new Site(id, rule.name(), method, new TimingRecorder(slo, WINDOW, WINDOW_SLOTS, ticker),
                chain, ticker, rule.readsValues());
        self[0] = site;
        origins.put(id, new Origin(rule, target, batchAdapter));
        add(site);
        return site;
    }

    /**
     * The site of a method whose normal return clears the caches of {@code rule}'s sites (its
     * {@code cache.invalidate-on}), created on first sight. Its chain holds only the invalidation layer, which
     * finds the rule's cache layers on every call, so caches woven later or swapped by a reload are cleared too.
     */
    public synchronized Site registerInvalidation(RuleConfig rule, LayerTarget target) {
        String method = target.method();
        Site existing = byMethod.get(method);
        if (existing != null) {
            return existing;
        }
        String ruleName = rule.name();
        int id = sites.length;
        Site[] self = new Site[1];
        LayerChain chain = new LayerChain(List.of(new InvalidationLayer(() -> cacheLayers(ruleName))),
                fault -> faults.fault(self[0], fault), ticker);
        Site site = new Site(id, ruleName, method, new TimingRecorder(null, WINDOW, WINDOW_SLOTS, ticker), chain,
                ticker, true);
        self[0] = site;
        add(site);
        return site;
    }

    /**
     * The site of a method a library adapter of {@code rule} watches ({@code BatchAdapters#watcher}), created on
     * first sight; its chain holds only {@code watcher}.
     */
    public synchronized Site registerWatch(RuleConfig rule, LayerTarget target, CallLayer watcher) {
        String method = target.method();
        Site existing = byMethod.get(method);
        if (existing != null) {
            return existing;
        }
        int id = sites.length;
        Site[] self = new Site[1];
        LayerChain chain = new LayerChain(List.of(watcher), fault -> faults.fault(self[0], fault), ticker);
        Site site = new Site(id, rule.name(), method, new TimingRecorder(null, WINDOW, WINDOW_SLOTS, ticker), chain,
                ticker, true);
        self[0] = site;
        add(site);
        return site;
    }

    /** The cache layers of the sites of this rule now. */
    private List<CacheLayer> cacheLayers(String rule) {
        List<CacheLayer> caches = new ArrayList<>();
        for (Site site : sites) {
            if (site.rule().equals(rule) && site.chain().layer(LayerKind.CACHE) instanceof CacheLayer) {
                caches.add((CacheLayer) site.chain().layer(LayerKind.CACHE));
            }
        }
        return caches;
    }

    /**
     * Gives a site the layers of {@code next} (a reload of its rule): layers whose settings did not change
     * stay as they are (cache contents, breaker state, learnt limits), the others are built anew. Calls
     * already in the old chain finish there.
     *
     * @return the layers taken out, for the caller to close once {@code previous.inFlight()} is zero; empty
     *     when nothing changed
     */
    public synchronized Retired relayer(Site site, RuleConfig next) {
        Origin origin = origins.get(site.id());
        if (origin == null) {
            return Retired.NONE;
        }
        RuleConfig before = origin.rule();
        Predicate<LayerKind> changed = kind -> !before.layerConfig(kind).equals(next.layerConfig(kind));
        LayerChain previous = site.chain();
        List<CallLayer> layers = new ArrayList<>();
        List<CallLayer> retired = new ArrayList<>();
        for (CallLayer layer : previous.layers()) {
            (changed.test(layer.kind()) ? retired : layers).add(layer);
        }
        layers.addAll(SiteLayers.layers(next, origin.target(), origin.batchAdapter(), deviceMemory, ticker,
                log, changed));
        origins.put(site.id(), new Origin(next, origin.target(), origin.batchAdapter()));
        if (retired.isEmpty() && layers.size() == previous.layers().size()) {
            return Retired.NONE;
        }
        site.chain(layers.isEmpty() ? LayerChain.EMPTY
                : new LayerChain(layers, fault -> faults.fault(site, fault), ticker));
        return new Retired(previous, retired);
    }

    /**
     * Layers a reload took out of a site, and the chain they were in (whose calls must finish first).
     *
     * @param previous the chain the site had before
     * @param layers   the layers that are no longer in the site's chain
     */
    public record Retired(LayerChain previous, List<CallLayer> layers) {
        static final Retired NONE = new Retired(LayerChain.EMPTY, List.of());
    }

    /** The log the sites' layers write to. */
    public AgentLog log() {
        return log;
    }

    /** The site with this id, or null. Lock-free. */
    public Site get(int id) {
        Site[] current = sites;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    /** A snapshot of all sites, in id order. */
    public List<Site> all() {
        return List.of(sites);
    }

    /** Names of the rules that have at least one site. */
    public List<String> rulesWithSites() {
        List<String> names = new ArrayList<>();
        for (Site site : sites) {
            if (!names.contains(site.rule())) {
                names.add(site.rule());
            }
        }
        return names;
    }
}
