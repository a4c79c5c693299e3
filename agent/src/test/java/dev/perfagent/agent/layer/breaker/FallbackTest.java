package dev.perfagent.agent.layer.breaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FallbackTest {
    private static final String WHERE = "perf-agent.yaml:9:17: rules[0].circuit-breaker.fallback";
    private static final String FALLBACKS = TestFallbacks.class.getName();

    @TempDir
    Path dir;

    /** A breaker on a method of this return and parameter types, opened, with this fallback. */
    private BreakerHarness opened(String returnType, List<String> parameters, String fallback) {
        BreakerHarness h = new BreakerHarness(BreakerHarness.settings(WindowSpec.count(1), 50, 1),
                BreakerHarness.target(returnType, parameters), Optional.of(new FallbackSpec(fallback, WHERE)),
                dir.resolve("agent.log"));
        h.fail();
        assertEquals(BreakerState.OPEN, h.state());
        return h;
    }

    private static Outcome refuse(BreakerHarness h, Object... args) {
        Outcome outcome = h.chain.enter(null, args, h.ticker.read()) instanceof Outcome o ? o : null;
        if (outcome == null) {
            throw new AssertionError("the call was let through");
        }
        return outcome;
    }

    private String log() throws IOException {
        Path file = dir.resolve("agent.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static Object constant(String returnType, String text) {
        Fallback fallback = FallbackConstants.parse(new FallbackSpec(text, WHERE),
                LayerTarget.of("r", "a.B#c()", returnType, List.of()), AgentLog.toStderr(AgentLog.Level.ERROR));
        return ((ConstantFallback) fallback).value();
    }

    private static String misfit(String returnType, String text) {
        return assertThrows(IllegalArgumentException.class, () -> FallbackConstants.parse(new FallbackSpec(text, WHERE),
                LayerTarget.of("r", "a.B#c()", returnType, List.of()), AgentLog.toStderr(AgentLog.Level.ERROR)))
                .getMessage();
    }

    @Test
    void aConstantIsWhatRefusedCallsReturn() {
        BreakerHarness h = opened("java.lang.String", List.of("java.lang.String"), "offline");
        Outcome outcome = refuse(h, "key");
        assertEquals("offline", outcome.value());
        assertNull(outcome.thrown());
        assertEquals(1, Figures.value(h.breaker, "calls", "outcome", "not_permitted"));
    }

    @Test
    void constantsOfEverySupportedType() {
        assertEquals(-1, constant("int", "-1"));
        assertEquals(Integer.MAX_VALUE, constant("java.lang.Integer", "2147483647"));
        assertEquals(9_000_000_000L, constant("long", "9000000000"));
        assertEquals((short) -7, constant("short", "-7"));
        assertEquals((byte) 127, constant("byte", "127"));
        assertEquals(Boolean.FALSE, constant("boolean", "false"));
        assertEquals(0.25, constant("double", "0.25"));
        assertEquals(1e-3f, constant("float", "1e-3"));
        assertTrue(Double.isNaN((Double) constant("java.lang.Double", "NaN")));
        assertEquals(Double.NEGATIVE_INFINITY, constant("double", "-Infinity"));
        assertEquals('?', constant("char", "?"));
        assertEquals("", constant("java.lang.String", ""));
        assertEquals("n/a", constant("java.lang.CharSequence", "n/a"));
        assertNull(constant("java.lang.String", "null"));
        assertNull(constant("java.lang.Long", "null"));
        assertNull(constant("com.example.Reply", "null"));
        assertNull(constant("void", "null"));
        assertEquals(List.of(), constant("java.util.List", "[]"));
        assertEquals(List.of(), constant("java.util.Collection", "[]"));
        assertEquals(Set.of(), constant("java.util.Set", "[]"));
        assertEquals(Map.of(), constant("java.util.Map", "{}"));
        assertEquals(Optional.empty(), constant("java.util.Optional", "empty"));
    }

    @Test
    void constantsThatDoNotFitSayWhy() {
        assertEquals("out of range (-2147483648..2147483647)", misfit("int", "2147483648"));
        assertEquals("out of range (-128..127)", misfit("byte", "128"));
        assertEquals("expected a whole number", misfit("long", "1.5"));
        assertEquals("a int cannot be null", misfit("int", "null"));
        assertEquals("expected true or false", misfit("boolean", "yes"));
        assertEquals("out of range for a float", misfit("float", "1e39"));
        assertEquals("expected a number such as 0, -1.5 or 1e-3", misfit("double", "1,5"));
        assertEquals("expected exactly one character", misfit("char", "ab"));
        assertEquals("a void method's fallback can only be \"null\" (the call returns without running)",
                misfit("void", "0"));
        assertEquals("only \"null\" or an empty list, written \"[]\" fits this type (constants are supported for"
                + " primitives and their boxes, String, arrays, List, Set, Map and Optional; use a fallback method for"
                + " anything else)", misfit("java.util.List", "[a]"));
        assertTrue(misfit("com.example.Reply", "{}").startsWith("only \"null\" fits this type"));
    }

    @Test
    void anEmptyArrayOfTheReturnType() {
        BreakerHarness h = opened("java.lang.String[]", List.of(), "[]");
        Object first = refuse(h).value();
        assertArrayEquals(new String[0], (String[]) first);
        assertSame(first, refuse(h).value(), "one shared empty array");
        BreakerHarness own = opened(TestFallbacks.class.getName() + "[][]", List.of(), "[]");
        assertEquals(TestFallbacks[][].class, refuse(own).value().getClass(), "an application type, its own loader");
        BreakerHarness primitive = opened("float[]", List.of(), "[]");
        assertArrayEquals(new float[0], (float[]) refuse(primitive).value());
    }

    @Test
    void aConstantThatDoesNotFitIsLoggedOnceAndTheBreakerThrows() throws IOException {
        BreakerHarness h = opened("int", List.of(), "none");
        assertInstanceOf(CallNotPermittedException.class, refuse(h).thrown());
        assertInstanceOf(CallNotPermittedException.class, refuse(h).thrown());
        String log = log();
        assertTrue(log.contains("ERROR " + WHERE + ": fallback 'none' does not fit the return type int of "
                + BreakerHarness.METHOD + ": expected a whole number; calls the breaker refuses throw"
                + " dev.perfagent.CallNotPermittedException"), log);
        assertEquals(1, log.lines().filter(l -> l.contains("does not fit")).count(), log);
    }

    @Test
    void aFallbackMethodGetsTheArgumentsAndTheRefusal() {
        BreakerHarness h = opened("java.lang.String", List.of("java.lang.String"), FALLBACKS + "#fetch");
        assertEquals("fallback for key-1 (CallNotPermittedException)", refuse(h, "key-1").value());
        assertEquals("fallback for key-2 (CallNotPermittedException)", refuse(h, "key-2").value());
    }

    @Test
    void primitiveArgumentsAndResultsPassThroughBoxed() {
        BreakerHarness h = opened("int", List.of("int", "long"), FALLBACKS + "#score(..)");
        assertEquals(-42, refuse(h, 42, 7L).value());
    }

    @Test
    void aPrivateFallbackMethodIsMadeAccessible() {
        BreakerHarness h = opened("java.lang.String", List.of("java.lang.String"), FALLBACKS + "#hidden");
        assertEquals("hidden k", refuse(h, "k").value());
    }

    @Test
    void whatTheFallbackMethodThrowsTheCallerGets() {
        BreakerHarness h = opened("java.lang.String", List.of("java.lang.String"), FALLBACKS + "#fails");
        Throwable thrown = refuse(h, "k").thrown();
        assertInstanceOf(IllegalStateException.class, thrown);
        assertEquals("no fallback for k", thrown.getMessage());
        assertInstanceOf(CallNotPermittedException.class, thrown.getCause());
    }

    @Test
    void anUnusableFallbackMethodIsLoggedOnceAndTheBreakerThrows() throws IOException {
        String expected = "static java.lang.String " + FALLBACKS;
        Map<String, String> problems = Map.of(
                "com.example.Missing#fetch", "class not found: com.example.Missing",
                FALLBACKS + "#absent", "no method " + expected + "#absent(java.lang.String, Throwable)",
                FALLBACKS + "#notStatic", "no method " + expected + "#notStatic(java.lang.String, Throwable)",
                FALLBACKS + "#wrongReturn", "no method " + expected + "#wrongReturn(java.lang.String, Throwable)",
                FALLBACKS + "#score", "no method " + expected + "#score(java.lang.String, Throwable)",
                FALLBACKS + "#overloaded", "more than one method " + expected + "#overloaded(java.lang.String, Throwable)");
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            BreakerHarness h = opened("java.lang.String", List.of("java.lang.String"), problem.getKey());
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(CallNotPermittedException.class, refuse(h, "k").thrown(), problem.getKey());
            }
            String log = log();
            String line = WHERE + ": fallback method " + problem.getKey() + " for " + BreakerHarness.METHOD
                    + " cannot be used: " + problem.getValue();
            assertEquals(1, log.lines().filter(l -> l.contains(line)).count(), log);
            assertTrue(log.contains("; calls the breaker refuses throw dev.perfagent.CallNotPermittedException"), log);
        }
    }

    @Test
    void aFallbackIsOnlyUsedWhileCallsAreRefused() {
        BreakerHarness h = opened("java.lang.String", List.of("java.lang.String"), "offline");
        h.ticker.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 6; i++) {
            assertNull(h.succeed(), "a trial call runs the method");
        }
        assertEquals(BreakerState.CLOSED, h.state(), "6 of 10 trial calls passed: 4 failures could only make 40%");
        assertNull(h.succeed());
    }
}
