package dev.perfagent.agent.advise.sites;

import static dev.perfagent.agent.advise.sites.Sites.evidence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchWorthyDetectorTest {
    /** A model with a batch form, and unrelated methods that look like one but are not. */
    static final class Model {
        float score(float[] features) {
            return features.length;
        }

        float[] scoreBatch(float[][] features) {
            return new float[features.length];
        }

        float[] normalise(float[][] features) {
            return new float[0];
        }

        int[] count(float[][] features) {
            return new int[0];
        }

        String name(String id) {
            return id;
        }
    }

    private static final String SCORE = Model.class.getName() + "#score(float[])";
    private static final LoadedClasses CLASSES = name -> name.equals(Model.class.getName())
            ? Optional.of(Model.class) : Optional.empty();

    /** 60000 calls of 10 ms over a minute: 10 in flight. */
    private static SiteWindow busy(String method) {
        return new SiteWindow(method, "model", List.of("time"), Sites.MINUTE, 60_000, 0, 0, 60_000 * 10_000_000L,
                0, 0, SecondCounts.NONE, SecondCounts.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @Test
    void findsTheBatchFormByItsTypesPreferringTheMethodsOwnName() {
        BatchFormSearch search = new BatchFormSearch(CLASSES);
        assertEquals(Optional.of(Model.class.getName() + "#scoreBatch(float[][])"), search.find(SCORE));
        assertEquals(Optional.empty(), search.find(Model.class.getName() + "#name(java.lang.String)"));
        assertEquals(Optional.empty(), search.find("other.Type#score(float[])"));
    }

    @Test
    void manyCallsInFlightOnAMethodWithABatchFormAskForABatchRule() {
        List<Recommendation> found = new BatchWorthyDetector(CLASSES).detect(evidence(busy(SCORE)));
        assertEquals(1, found.size());
        Recommendation r = found.get(0);
        assertEquals("batch-worthy", r.kind());
        assertEquals(Severity.WARNING, r.severity());
        assertEquals(10.0, r.gain().amount());
        assertTrue(r.config().contains("batch: { via: \"" + Model.class.getName() + "#scoreBatch(float[][])\","
                + " max-size: 16 }"), r.config());
    }

    @Test
    void fewCallsInFlightNoBatchFormOrAClassNotLoadedSayNothing() {
        SiteWindow quiet = Sites.withCalls(busy(SCORE), 6000, 0, 0, 10_000_000L, 0); // 1 in flight
        assertTrue(new BatchWorthyDetector(CLASSES).detect(evidence(quiet)).isEmpty());
        assertTrue(new BatchWorthyDetector(CLASSES).detect(evidence(busy(Model.class.getName()
                + "#name(java.lang.String)"))).isEmpty());
        assertTrue(new BatchWorthyDetector(LoadedClasses.NONE).detect(evidence(busy(SCORE))).isEmpty());
        assertTrue(new BatchWorthyDetector(CLASSES).detect(evidence(Sites.withLayers(busy(SCORE), "time", "batch")))
                .isEmpty());
    }

    @Test
    void twoCallsInFlightAreInfo() {
        SiteWindow two = Sites.withCalls(busy(SCORE), 12_000, 0, 0, 10_000_000L, 0);
        assertEquals(Severity.INFO, new BatchWorthyDetector(CLASSES).detect(evidence(two)).get(0).severity());
    }
}
