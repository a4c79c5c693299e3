package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private final Scorer scorer = new Scorer(42);

    @Test
    void scoreBatchEqualsScoreForEveryItemBitForBit() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] batch = new float[33][Scorer.INPUTS];
        for (float[] item : batch) {
            for (int i = 0; i < item.length; i++) {
                item[i] = (float) (random.nextDouble() * 4 - 2);
            }
        }
        float[][] batched = scorer.scoreBatch(batch);
        assertEquals(batch.length, batched.length);
        for (int i = 0; i < batch.length; i++) {
            assertArrayEquals(scorer.score(batch[i]), batched[i], 0f, "item " + i);
        }
    }

    @Test
    void outputsAreReluOfTheRightWidth() {
        float[] out = scorer.score(new float[Scorer.INPUTS]);
        assertEquals(Scorer.OUTPUTS, out.length);
        for (float value : out) {
            assertTrue(value >= 0f);
        }
    }

    @Test
    void sameSeedSameScores() {
        float[] features = new float[Scorer.INPUTS];
        features[5] = 1f;
        assertArrayEquals(scorer.score(features), new Scorer(42).score(features), 0f);
    }

    @Test
    void emptyBatchGivesNoResults() {
        assertEquals(0, scorer.scoreBatch(new float[0][]).length);
    }

    @Test
    void wrongWidthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> scorer.score(new float[Scorer.INPUTS - 1]));
    }
}
