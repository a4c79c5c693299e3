package dev.perfagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.agent.layer.WhenLimited;
import org.junit.jupiter.api.Test;

class ValueTypeTest {

    @Test
    void percentagesNeedTheirSignAndStayInRange() throws InvalidValueException {
        assertEquals(50.0, ValueType.PERCENT.parse("50%"));
        assertEquals(12.5, ValueType.PERCENT.parse("12.5%"));
        assertEquals(100.0, ValueType.PERCENT.parse("100%"));
        assertThrows(InvalidValueException.class, () -> ValueType.PERCENT.parse("50"));
        assertThrows(InvalidValueException.class, () -> ValueType.PERCENT.parse("0%"));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ValueType.PERCENT.parse("101%"));
        assertTrue(e.getMessage().contains("at most 100%"), e.getMessage());
    }

    @Test
    void classNamesAreCheckedForShapeOnly() throws InvalidValueException {
        assertEquals("java.io.IOException", ValueType.CLASS_NAME.parse("java.io.IOException"));
        assertEquals("a.B$C", ValueType.CLASS_NAME.parse("a.B$C"));
        assertThrows(InvalidValueException.class, () -> ValueType.CLASS_NAME.parse("java.io."));
        assertThrows(InvalidValueException.class, () -> ValueType.CLASS_NAME.parse("java io"));
    }

    @Test
    void keywordsAreTheEnumNamesInKebabCase() throws InvalidValueException {
        assertEquals(WhenLimited.WAIT, ValueType.WHEN_LIMITED.parse("wait"));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ValueType.WHEN_LIMITED.parse("WAIT"));
        assertTrue(e.getMessage().contains("expected one of reject, wait"), e.getMessage());
        assertEquals(0, ValueType.NON_NEGATIVE_INT.parse("0"));
        assertThrows(InvalidValueException.class, () -> ValueType.NON_NEGATIVE_INT.parse("-1"));
    }
}
