package dev.perfagent.agent.site;

import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.CacheConfig;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.layer.CallLayer;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchAdapters;
import dev.perfagent.agent.layer.batch.BatchFormException;
import dev.perfagent.agent.layer.batch.onnx.OnnxRunAdapters;
import dev.perfagent.gpu.StagingSource;
import dev.perfagent.instrumentation.MethodSelector;
import dev.perfagent.instrumentation.pattern.ClassPattern;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Picks the methods to weave from the config's rules: the first rule whose pattern matches a method
 * owns it (later rules matching the same method are reported once, not stacked).
 */
public final class RuleSelector implements MethodSelector {
    private volatile List<RuleConfig> rules;
    private final List<ClassPattern> excluded;
    private final SiteRegistry registry;
    private final Consumer<String> problems;
    private final BatchAdapters batchAdapters;
    private final Set<String> wovenClasses = ConcurrentHashMap.newKeySet();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * @param problems told, once per method, why a rule cannot apply to a method it matches
     * @param staging lends the host buffers batch adapters merge their batches in
     */
    public RuleSelector(List<RuleConfig> rules, List<ClassPattern> excluded, SiteRegistry registry,
                        Consumer<String> problems, StagingSource staging) {
        this.rules = List.copyOf(rules);
        this.excluded = List.copyOf(excluded);
        this.registry = registry;
        this.problems = problems;
        this.batchAdapters = new BatchAdapters(registry.log(), staging);
    }

    /**
     * Takes the rules of a reloaded config whose matching is unchanged ({@code ConfigChange.LAYERS}): methods
     * woven from now on get their new layer settings.
     */
    public void rules(List<RuleConfig> next) {
        rules = List.copyOf(next);
    }

    @Override
    public boolean wantsType(String className) {
        if (excludedType(className)) {
            return false;
        }
        for (RuleConfig rule : rules) {
            for (MethodPattern pattern : rule.match()) {
                if (pattern.matchesType(className)) {
                    return true;
                }
            }
            for (MethodPattern pattern : invalidateOn(rule)) {
                if (pattern.matchesType(className)) {
                    return true;
                }
            }
            if (className.equals(OnnxRunAdapters.ENVIRONMENT) && capturesModels(rule)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code rule} needs to see ONNX Runtime sessions created ({@code OrtEnvironment#createSession}): it
     * batches {@code OrtSession#run} through the built-in adapter with {@code batch.executors.replicas} above 1,
     * whose replicas are sessions opened over the same model.
     */
    public static boolean capturesModels(RuleConfig rule) {
        if (rule.batch().isEmpty() || rule.batch().get().via().isPresent()
                || rule.batch().get().executors().replicas() < 2) {
            return false;
        }
        for (MethodPattern pattern : rule.match()) {
            if (pattern.matchesType(OnnxRunAdapters.SESSION)) {
                return true;
            }
        }
        return false;
    }

    private boolean excludedType(String className) {
        for (ClassPattern exclude : excluded) {
            if (exclude.matches(className)) {
                return true;
            }
        }
        return false;
    }

    private static List<MethodPattern> invalidateOn(RuleConfig rule) {
        return rule.cache().map(CacheConfig::invalidateOn).orElse(List.of());
    }

    @Override
    public int siteFor(TypeDescription type, MethodDescription method, ClassLoader loader) {
        for (RuleConfig rule : rules) {
            for (MethodPattern pattern : rule.match()) {
                if (pattern.matchesType(type.getName()) && pattern.matches(method)) {
                    String signature = signature(type, method);
                    BatchAdapter batchAdapter = null;
                    if (rule.batch().isPresent()) {
                        try {
                            batchAdapter = batchAdapters.find(type, method, rule.batch().get().via(), loader);
                        } catch (BatchFormException e) {
                            // The rule stays off for this method: weaving it half-way would mislead.
                            if (reported.add(signature)) {
                                ConfigLocation at = rule.location();
                                problems.accept(at.file() + ":" + at.line() + ":" + at.column() + ": rules." + rule.name()
                                        + ".batch.via: " + e.getMessage() + "; rule '" + rule.name()
                                        + "' stays off for " + signature);
                            }
                            return -1;
                        }
                    }
                    wovenClasses.add(type.getName());
                    return registry.register(rule, target(rule, type, method, signature, loader), batchAdapter).id();
                }
            }
        }
        // Not selected by any rule: it may be a method whose return clears a rule's cache (invalidate-on).
        for (RuleConfig rule : rules) {
            for (MethodPattern pattern : invalidateOn(rule)) {
                if (pattern.matchesType(type.getName()) && pattern.matches(method)) {
                    wovenClasses.add(type.getName());
                    String signature = signature(type, method);
                    return registry.registerInvalidation(rule, target(rule, type, method, signature, loader)).id();
                }
            }
        }
        // Or one whose calls a library adapter of a rule must see (where ONNX Runtime sessions are created).
        CallLayer watcher = batchAdapters.watcher(type, method);
        if (watcher != null && !excludedType(type.getName())) {
            for (RuleConfig rule : rules) {
                if (capturesModels(rule)) {
                    wovenClasses.add(type.getName());
                    String signature = signature(type, method);
                    return registry.registerWatch(rule, target(rule, type, method, signature, loader), watcher).id();
                }
            }
        }
        return -1;
    }

    @Override
    public boolean interceptsCalls(int site) {
        Site found = registry.get(site);
        return found != null && found.interceptsCalls();
    }

    @Override
    public boolean passesValues(int site) {
        Site found = registry.get(site);
        return found == null || found.passesValues();
    }

    /** Classes that have at least one site. */
    public int wovenClassCount() {
        return wovenClasses.size();
    }

    private static LayerTarget target(RuleConfig rule, TypeDescription type, MethodDescription method,
                                      String signature, ClassLoader loader) {
        List<String> parameters = method.getParameters().asTypeList().asErasures().stream()
                .map(TypeDefinition::getActualName).collect(Collectors.toList());
        return new LayerTarget(rule.name(), signature, type.getName(), method.getReturnType().asErasure().getActualName(),
                parameters, method.isStatic(), new WeakReference<>(loader));
    }

    /** {@code pkg.Class#method(type, type)} with source type names, as patterns and /status show it. */
    static String signature(TypeDescription type, MethodDescription method) {
        String params = method.getParameters().asTypeList().asErasures().stream()
                .map(TypeDefinition::getActualName)
                .collect(Collectors.joining(", "));
        String name = method.isConstructor() ? MethodPattern.CONSTRUCTOR : method.getName();
        return type.getName() + "#" + name + "(" + params + ")";
    }
}
