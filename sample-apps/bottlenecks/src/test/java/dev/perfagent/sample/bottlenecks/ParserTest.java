package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ParserTest {
    private final Parser parser = new Parser();

    @Test
    void plainIntegersParseAsSuch() {
        assertEquals(12, parser.parseQuantity("12"));
        assertEquals(-3, parser.parseQuantity("-3"));
        assertEquals(0, parser.parseQuantity("0"));
    }

    @Test
    void quantitiesWithAUnitGiveTheirLeadingDigits() {
        assertEquals(12, parser.parseQuantity("12 pcs"));
        assertEquals(250, parser.parseQuantity("250g"));
        assertEquals(7, parser.parseQuantity("  7 kg"));
    }

    @Test
    void textWithoutDigitsIsZero() {
        assertEquals(0, parser.parseQuantity("n/a"));
        assertEquals(0, parser.parseQuantity(""));
        assertEquals(0, parser.parseQuantity(null));
    }

    @Test
    void theScenariosOrderSumsAsExpected() {
        int total = 0;
        for (String line : new String[] {"12 pcs", "3 kg", "250 g", "7", "1 box", "n/a", "40 ml", "2 x"}) {
            total += parser.parseQuantity(line);
        }
        assertEquals(12 + 3 + 250 + 7 + 1 + 40 + 2, total);
    }
}
