package dev.perfagent.export.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.perfagent.export.json.JsonWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationTest {
    private static Recommendation hot(String config) {
        return Recommendation.of("hot-method", Severity.WARNING, "a.B#c",
                List.of(new Evidence("self share", 36.0, "%", 33.1, 39.0), Evidence.of("samples", 1000, "samples")),
                "Make a.B#c cheaper.", config,
                new PredictedGain(18.0, "% CPU", "-18.0% CPU", "Amdahl: 1/((1-p)+p/s)"));
    }

    @Test
    void writesEveryComponentAsJson() {
        StringBuilder json = new StringBuilder();
        hot("rules: []\n").toJson(new JsonWriter(json));
        assertEquals("{\"id\":\"" + Recommendation.idFor("hot-method", "a.B#c") + "\",\"kind\":\"hot-method\","
                + "\"severity\":\"WARNING\",\"where\":\"a.B#c\",\"evidence\":[{\"name\":\"self share\",\"value\":36.0,"
                + "\"unit\":\"%\",\"low\":33.1,\"high\":39.0},{\"name\":\"samples\",\"value\":1000.0,\"unit\":\"samples\"}],"
                + "\"action\":\"Make a.B#c cheaper.\",\"config\":\"rules: []\\n\",\"gain\":{\"amount\":18.0,"
                + "\"unit\":\"% CPU\",\"summary\":\"-18.0% CPU\",\"formula\":\"Amdahl: 1/((1-p)+p/s)\"}}", json.toString());
    }

    @Test
    void leavesOutAMissingConfig() {
        StringBuilder json = new StringBuilder();
        hot(null).toJson(new JsonWriter(json));
        assertEquals(-1, json.indexOf("\"config\""));
    }

    @Test
    void theIdIsStableAndDependsOnKindAndWhere() {
        assertEquals("hot-method-" + String.format("%08x", "a.B#c".hashCode()), Recommendation.idFor("hot-method", "a.B#c"));
        assertNotEquals(Recommendation.idFor("hot-method", "a.B#c"), Recommendation.idFor("hot-method", "a.B#d"));
    }
}
