package dev.perfagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.woven.CallTarget;
import dev.perfagent.bootstrap.Dispatcher;
import dev.perfagent.bootstrap.Hooks;
import dev.perfagent.bootstrap.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntPredicate;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallAdviceTest {

    /** A dispatcher whose layer is a function of the arguments: null runs the body. */
    static final class LayerDispatcher implements Dispatcher {
        final List<String> exits = new CopyOnWriteArrayList<>();
        final List<Object> receivers = new CopyOnWriteArrayList<>();
        /** What each call's exit handed over as the return value ("null" when none). */
        final List<String> returns = new CopyOnWriteArrayList<>();
        volatile Function<Object[], Outcome> layer = args -> null;

        @Override
        public long enter(int site) {
            return 100 + site;
        }

        @Override
        public void exit(int site, long token, Throwable thrown) {
            exits.add(site + "/" + token + (thrown == null ? "" : ":" + thrown.getClass().getSimpleName()));
        }

        @Override
        public void exitCall(int site, long token, Object state, Object returned, Throwable thrown) {
            returns.add(String.valueOf(returned));
            exit(site, token, thrown);
        }

        @Override
        public void fault(int site, Throwable fault) {
            exits.add("fault " + fault);
        }

        @Override
        public Outcome call(int site, long token, Object self, Object[] args) {
            receivers.add(self == null ? "static" : self);
            return layer.apply(args);
        }
    }

    private Weaver weaver;

    @AfterEach
    void cleanUp() {
        Hooks.install(null);
        if (weaver != null) {
            weaver.reset();
        }
    }

    private LayerDispatcher weave() {
        return weave(site -> true);
    }

    private LayerDispatcher weave(IntPredicate passesValues) {
        LayerDispatcher dispatcher = new LayerDispatcher();
        Hooks.install(dispatcher);
        Map<String, Integer> sites = Map.of("square", 1, "echo", 2, "twice", 3);
        weaver = Weaver.install(ByteBuddyAgent.install(), new MethodSelector() {
            @Override
            public boolean wantsType(String className) {
                return className.equals(CallTarget.class.getName());
            }

            @Override
            public int siteFor(TypeDescription type, MethodDescription method, ClassLoader loader) {
                return sites.getOrDefault(method.getName(), -1);
            }

            @Override
            public boolean interceptsCalls(int site) {
                return true;
            }

            @Override
            public boolean passesValues(int site) {
                return passesValues.test(site);
            }
        }, new WeaveSettings(10, Duration.ZERO), new WeaveListener() {
            @Override
            public void woven(String className, boolean wasLoaded) {
            }

            @Override
            public void spent(long nanos) {
            }

            @Override
            public void failed(String className, Throwable error) {
                throw new AssertionError("weaving " + className + " failed", error);
            }
        });
        return dispatcher;
    }

    @Test
    void bodyRunsWhenTheLayerPasses() throws IOException {
        CallTarget target = new CallTarget();
        LayerDispatcher dispatcher = weave();
        assertEquals(9, target.square(3));
        assertEquals("a", target.echo("a"));
        assertEquals(2, target.bodies);
        assertEquals(List.of("1/101", "2/102"), dispatcher.exits);
        assertEquals(List.of(target, target), dispatcher.receivers);
    }

    @Test
    void outcomeReplacesTheBodyWithItsValueOrException() throws IOException {
        CallTarget target = new CallTarget();
        LayerDispatcher dispatcher = weave();
        dispatcher.layer = args -> args[0] instanceof Integer
                ? Outcome.returning((Integer) args[0] + 1000)
                : args[0].equals("boom") ? Outcome.throwing(new IOException("own exception"))
                : args[0] instanceof Long ? Outcome.returning(7L) : Outcome.returning("replaced " + args[0]);
        assertEquals(1003, target.square(3), "a primitive return is unboxed from the outcome");
        assertEquals("replaced x", target.echo("x"));
        IOException thrown = assertThrows(IOException.class, () -> target.echo("boom"));
        assertEquals("own exception", thrown.getMessage());
        assertEquals(7L, CallTarget.twice(1));
        assertEquals(0, target.bodies, "no body ran");
        assertEquals(List.of("1/101", "2/102", "2/102:IOException", "3/103"), dispatcher.exits);
        assertSame("static", dispatcher.receivers.get(3));
    }

    @Test
    void wrongTypedOutcomeNeverReachesTheHostAsClassCastException() throws IOException {
        CallTarget target = new CallTarget();
        LayerDispatcher dispatcher = weave();
        dispatcher.layer = args -> Outcome.returning(List.of("not a string"));
        assertEquals(null, target.echo("x"), "the suppressed cast leaves the default value");
        assertArrayEquals(new Object[] {"2/102"}, dispatcher.exits.toArray());
    }

    @Test
    void aSiteWhoseLayersReadNoValuesGetsNeitherArgumentsNorResultAndKeepsOutcomes() throws IOException {
        CallTarget target = new CallTarget();
        LayerDispatcher dispatcher = weave(site -> site == 2); // only echo passes its values
        List<String> seen = new CopyOnWriteArrayList<>();
        dispatcher.layer = args -> {
            seen.add(args == null ? "none" : List.of(args).toString());
            return null;
        };
        assertEquals(16, target.square(4), "the body runs with its own argument");
        assertEquals("y", target.echo("y"));
        assertEquals(List.of("none", "[y]"), seen);
        assertEquals(List.of("null", "y"), dispatcher.returns, "no result handed over where no layer reads it");

        // An outcome still replaces the body, its value unboxed into the primitive return.
        dispatcher.layer = args -> args == null ? Outcome.returning(7L) : null;
        assertEquals(7L, CallTarget.twice(100));
        dispatcher.layer = args -> Outcome.throwing(new IllegalStateException("refused"));
        assertThrows(IllegalStateException.class, () -> target.square(5));
        assertEquals(2, target.bodies);
        assertEquals(List.of("1/101", "2/102", "3/103", "1/101:IllegalStateException"), dispatcher.exits);
    }
}
