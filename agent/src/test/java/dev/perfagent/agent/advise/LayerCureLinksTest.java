package dev.perfagent.agent.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.export.report.PredictedGain;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerCureLinksTest {
    private static final String SCORE = "a.Scorer#score";
    private static final String PREPARE = "a.Scorer#prepareWeights";

    /** 1000 samples: the request loop calls score (800), which spends 700 in prepareWeights. */
    private static final CpuProfile CPU = new CpuProfile(1000, Map.of(PREPARE, 700L, SCORE, 100L),
            Map.of("a.Loop#run", 1000L, SCORE, 800L, PREPARE, 700L),
            Map.of("a.Loop#run", Map.of(SCORE, 800L), SCORE, Map.of(PREPARE, 700L)));

    private static Recommendation finding(String kind, Severity severity, String where) {
        return Recommendation.of(kind, severity, where, List.of(), kind + " at " + where, null,
                new PredictedGain(1, "x", "summary", "formula"));
    }

    @Test
    void aCureOnTheHotMethodsPathTakesItsSeverityAndLeadsIt() {
        Recommendation hot = finding("hot-method", Severity.CRITICAL, PREPARE);
        Recommendation lock = finding("lock-contention", Severity.WARNING, "a.Ledger");
        Recommendation batch = finding("batch-worthy", Severity.WARNING, SCORE + "(float[])");
        List<Recommendation> linked = LayerCureLinks.link(List.of(hot, lock, batch), CPU);
        assertEquals(List.of("batch-worthy", "hot-method", "lock-contention"),
                linked.stream().map(Recommendation::kind).toList());
        Recommendation cure = linked.get(0);
        assertEquals(Severity.CRITICAL, cure.severity());
        assertEquals(batch.id(), cure.id());
        assertEquals(80.0, cure.evidence().get(cure.evidence().size() - 1).value());
        assertTrue(cure.action().contains("It is what makes " + PREPARE + " hot"), cure.action());
    }

    @Test
    void aCureAwayFromTheHotPathStaysWhereItWas() {
        Recommendation hot = finding("hot-method", Severity.CRITICAL, "a.Other#spin");
        Recommendation cache = finding("cache-worthy", Severity.WARNING, "a.Catalog#price(java.lang.String)");
        List<Recommendation> ranked = List.of(hot, cache);
        assertEquals(ranked, LayerCureLinks.link(ranked, CPU));
    }

    @Test
    void aCureOnTheHotMethodItselfLeadsEvenWhenItWasMoreSevere() {
        Recommendation cache = finding("cache-worthy", Severity.CRITICAL, PREPARE + "()");
        Recommendation hot = finding("hot-method", Severity.WARNING, PREPARE);
        List<Recommendation> linked = LayerCureLinks.link(List.of(cache, hot), CPU);
        assertEquals(List.of("cache-worthy", "hot-method"), linked.stream().map(Recommendation::kind).toList());
        assertEquals(Severity.CRITICAL, linked.get(0).severity());
    }
}
