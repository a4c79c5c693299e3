package dev.perfagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.woven.Target;
import dev.perfagent.bootstrap.Dispatcher;
import dev.perfagent.bootstrap.Hooks;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeaverTest {

    /** Counts what woven code reports. */
    static final class CountingDispatcher implements Dispatcher {
        final List<String> exits = new CopyOnWriteArrayList<>();

        @Override
        public long enter(int site) {
            return 10 + site;
        }

        @Override
        public void exit(int site, long token, Throwable thrown) {
            exits.add(site + (thrown == null ? "" : ":" + thrown.getClass().getSimpleName()));
        }

        @Override
        public void fault(int site, Throwable fault) {
        }
    }

    /** Picks Target's methods by name, one site id each. */
    static final class NamedSelector implements MethodSelector {
        final Map<String, Integer> sites = new ConcurrentHashMap<>(Map.of("add", 1, "recurse", 2, "fail", 3));

        @Override
        public boolean wantsType(String className) {
            return className.equals(Target.class.getName());
        }

        @Override
        public int siteFor(TypeDescription type, MethodDescription method, ClassLoader loader) {
            return sites.getOrDefault(method.getName(), -1);
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

    @Test
    void weavesLoadedClassAndResetRestoresIt() {
        Target target = new Target();
        assertEquals(3, target.add(1, 2));
        Instrumentation inst = ByteBuddyAgent.install();
        CountingDispatcher dispatcher = new CountingDispatcher();
        Hooks.install(dispatcher);
        List<String> woven = new CopyOnWriteArrayList<>();
        LongAdder spentNanos = new LongAdder();
        weaver = Weaver.install(inst, new NamedSelector(), new WeaveSettings(10, Duration.ofMillis(1)),
                new WeaveListener() {
                    @Override
                    public void woven(String className, boolean wasLoaded) {
                        woven.add(className + (wasLoaded ? " (retransformed)" : ""));
                    }

                    @Override
                    public void spent(long nanos) {
                        spentNanos.add(nanos);
                    }

                    @Override
                    public void failed(String className, Throwable error) {
                        woven.add("FAILED " + className + " " + error);
                    }
                });
        assertEquals(List.of(Target.class.getName() + " (retransformed)"), woven);
        assertTrue(spentNanos.sum() > 0, "the weave time is measured");

        assertEquals(7, target.add(3, 4));
        assertEquals(5, target.recurse(5));
        assertThrows(IllegalArgumentException.class, target::fail);
        assertEquals(42, target.untouched());
        // One exit per outermost call: the recursion is counted once, the exception is seen but not swallowed.
        assertEquals(List.of("1", "2", "3:IllegalArgumentException"), dispatcher.exits);

        assertTrue(weaver.reset());
        weaver = null;
        dispatcher.exits.clear();
        assertEquals(3, target.add(1, 2));
        assertThrows(IllegalArgumentException.class, target::fail);
        assertTrue(dispatcher.exits.isEmpty(), "restored bytecode must not call the hooks: " + dispatcher.exits);
    }
}
