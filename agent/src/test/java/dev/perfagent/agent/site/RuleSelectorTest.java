package dev.perfagent.agent.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.perfagent.agent.config.BatchConfig;
import dev.perfagent.agent.config.ConfigLocation;
import dev.perfagent.agent.config.RuleConfig;
import dev.perfagent.agent.config.TimeConfig;
import dev.perfagent.agent.layer.batch.BatchSettings;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSettings;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.gpu.StagingSource;
import dev.perfagent.instrumentation.pattern.ClassPattern;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class RuleSelectorTest {

    /** A type to select methods from. */
    public static final class Scorer {
        public Scorer() {
        }

        public float[] score(float[] input) {
            return input;
        }

        public String describe(Map<String, Integer> counts, int limit) {
            return counts.toString() + limit;
        }
    }

    private static RuleConfig rule(String name, String pattern, Duration slo) {
        return new RuleConfig(name, List.of(MethodPattern.parse(pattern)),
                Optional.of(new TimeConfig(Optional.ofNullable(slo))), Optional.empty(),
                new ConfigLocation("test.yaml", 1, 1));
    }

    private static MethodDescription method(String name) {
        return TypeDescription.ForLoadedType.of(Scorer.class).getDeclaredMethods()
                .filter(net.bytebuddy.matcher.ElementMatchers.named(name)).getOnly();
    }

    @Test
    void firstMatchingRuleOwnsTheMethodAndIdsAreStable() {
        List<Site> added = new ArrayList<>();
        SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.WARN), added::add);
        String type = Scorer.class.getName();
        RuleSelector selector = new RuleSelector(List.of(
                rule("scoring", type + "#score(float[])", Duration.ofMillis(50)),
                rule("everything", type + "#*(..)", null)), List.of(), registry, problem -> { },
                StagingSource.UNPOOLED);
        TypeDescription description = TypeDescription.ForLoadedType.of(Scorer.class);

        int score = selector.siteFor(description, method("score"), null);
        int describe = selector.siteFor(description, method("describe"), null);
        assertEquals(score, selector.siteFor(description, method("score"), null), "retransformation gets the same id");
        assertEquals("scoring", registry.get(score).rule());
        assertEquals("everything", registry.get(describe).rule());
        assertEquals(type + "#score(float[])", registry.get(score).method());
        assertEquals(type + "#describe(java.util.Map, int)", registry.get(describe).method());
        assertEquals(50_000_000L, registry.get(score).sloNanos().getAsLong());
        assertEquals(2, added.size());
        assertEquals(1, selector.wovenClassCount());
        assertEquals(List.of("scoring", "everything"), registry.rulesWithSites());
    }

    @Test
    void constructorsOnlyWhenNamedAndExcludesWin() {
        SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.WARN), site -> { });
        String type = Scorer.class.getName();
        RuleSelector selector = new RuleSelector(List.of(rule("all", type + "#*(..)", null)), List.of(), registry, problem -> { },
                StagingSource.UNPOOLED);
        MethodDescription constructor = TypeDescription.ForLoadedType.of(Scorer.class).getDeclaredMethods()
                .filter(net.bytebuddy.matcher.ElementMatchers.isConstructor()).getOnly();
        assertEquals(-1, selector.siteFor(TypeDescription.ForLoadedType.of(Scorer.class), constructor, null));

        RuleSelector withInit = new RuleSelector(List.of(rule("init", type + "#<init>(..)", null)), List.of(), registry, problem -> { },
                StagingSource.UNPOOLED);
        int site = withInit.siteFor(TypeDescription.ForLoadedType.of(Scorer.class), constructor, null);
        assertTrue(site >= 0);
        assertEquals(type + "#<init>()", registry.get(site).method());

        RuleSelector excluding = new RuleSelector(List.of(rule("all", type + "#*(..)", null)),
                List.of(ClassPattern.parse("dev.perfagent.agent..*")), registry, problem -> { },
                StagingSource.UNPOOLED);
        assertTrue(selector.wantsType(type));
        assertFalse(excluding.wantsType(type));
        assertFalse(selector.wantsType("com.example.Other"));
    }

    @Test
    void aMethodNamedInInvalidateOnClearsTheRulesCacheWhenItReturns() throws Exception {
        SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.WARN), site -> { });
        String type = Scorer.class.getName();
        RuleConfig cached = dev.perfagent.agent.config.ConfigLoader.parse("rules:\n  - name: described\n"
                + "    match: " + type + "#describe(..)\n"
                + "    cache: { max-size: 10, shared: true, invalidate-on: " + type + "#score(..) }\n",
                "perf-agent.yaml", java.util.Map.of(), java.util.Map.of()).rules().get(0);
        RuleSelector selector = new RuleSelector(List.of(cached), List.of(), registry, problem -> { },
                StagingSource.UNPOOLED);
        TypeDescription description = TypeDescription.ForLoadedType.of(Scorer.class);
        assertTrue(selector.wantsType(type));
        Site describe = registry.get(selector.siteFor(description, method("describe"), null));
        Site score = registry.get(selector.siteFor(description, method("score"), null));
        assertEquals(List.of("time", "cache"), describe.layers());
        assertEquals(List.of("time", "invalidate-on"), score.layers());
        assertTrue(selector.interceptsCalls(score.id()));

        Object[] args = {java.util.Map.of("a", 1), 3};
        dev.perfagent.agent.layer.LayeredCall miss =
                (dev.perfagent.agent.layer.LayeredCall) describe.chain().enter(null, args, 0);
        miss.exit("{a=1}3", null, 1);
        assertTrue(describe.chain().enter(null, args, 2) instanceof dev.perfagent.bootstrap.Outcome, "a hit");

        // score(..) returns normally: the cache of 'described' is cleared.
        ((dev.perfagent.agent.layer.LayeredCall) score.chain().enter(null, new Object[] {new float[0]}, 3))
                .exit(new float[0], null, 4);
        assertTrue(describe.chain().enter(null, args, 5) instanceof dev.perfagent.agent.layer.LayeredCall,
                "a miss after the invalidation");
    }

    private static RuleConfig onnxRule(int replicas) {
        ExecutorSettings executors = new ExecutorSettings(replicas, ExecutorSettings.DEFAULT_STRATEGY, 0, List.of(),
                ExecutorSettings.DEFAULT_EJECT_AFTER, ExecutorSettings.DEFAULT_PROBE_AFTER);
        BatchConfig batch = new BatchConfig(Optional.empty(), BatchSettings.defaults(), Duration.ZERO, executors);
        return new RuleConfig("onnx", List.of(MethodPattern.parse("ai.onnxruntime.OrtSession#run(..)")),
                Optional.empty(), Optional.of(batch), new ConfigLocation("test.yaml", 1, 1));
    }

    @Test
    void onnxReplicasWeaveWhereSessionsAreCreatedToCaptureTheirModel() {
        SiteRegistry registry = new SiteRegistry(System::nanoTime, AgentLog.toStderr(AgentLog.Level.WARN), site -> { });
        TypeDescription environment = TypeDescription.ForLoadedType.of(OrtEnvironment.class);
        MethodDescription fromBytes = environment.getDeclaredMethods()
                .filter(net.bytebuddy.matcher.ElementMatchers.named("createSession")
                        .and(net.bytebuddy.matcher.ElementMatchers.takesArguments(byte[].class,
                                OrtSession.SessionOptions.class))).getOnly();

        RuleSelector single = new RuleSelector(List.of(onnxRule(1)), List.of(), registry, problem -> { },
                StagingSource.UNPOOLED);
        assertFalse(single.wantsType(OrtEnvironment.class.getName()), "one executor needs no model");
        assertEquals(-1, single.siteFor(environment, fromBytes, null));

        RuleSelector replicated = new RuleSelector(List.of(onnxRule(2)), List.of(), registry, problem -> { },
                StagingSource.UNPOOLED);
        assertTrue(replicated.wantsType(OrtEnvironment.class.getName()));
        int site = replicated.siteFor(environment, fromBytes, null);
        assertTrue(site >= 0);
        assertEquals("onnx", registry.get(site).rule());
        assertEquals(List.of("time", "capture-model"), registry.get(site).layers());
        assertTrue(replicated.interceptsCalls(site), "the capture needs the arguments and the session returned");
        MethodDescription environmentGetter = environment.getDeclaredMethods()
                .filter(net.bytebuddy.matcher.ElementMatchers.named("getEnvironment")
                        .and(net.bytebuddy.matcher.ElementMatchers.takesArguments(0))).getOnly();
        assertEquals(-1, replicated.siteFor(environment, environmentGetter, null));
    }
}
