package dev.perfagent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HooksTest {

    /** Records what the hooks pass on; can be told to fail. */
    static class RecordingDispatcher implements Dispatcher {
        final List<String> events = new ArrayList<>();
        final List<Throwable> faults = new ArrayList<>();
        boolean failOnEnter;
        boolean failOnExit;
        long next = 100;

        @Override
        public long enter(int site) {
            if (failOnEnter) {
                throw new IllegalStateException("enter fault");
            }
            events.add("enter " + site);
            return next++;
        }

        @Override
        public void exit(int site, long token, Throwable thrown) {
            if (failOnExit) {
                throw new IllegalStateException("exit fault");
            }
            events.add("exit " + site + " " + token + (thrown == null ? "" : " " + thrown.getMessage()));
        }

        @Override
        public void fault(int site, Throwable fault) {
            faults.add(fault);
        }
    }

    @AfterEach
    void reset() {
        Hooks.install(null);
        Object owner = Hooks.owner();
        Hooks.release(owner);
    }

    @Test
    void noDispatcherMeansUntracked() {
        assertEquals(Hooks.UNTRACKED, Hooks.enter(3));
        Hooks.exit(3, Hooks.UNTRACKED, null);
    }

    @Test
    void nestedCallOfSameSiteIsCountedOnce() {
        RecordingDispatcher d = new RecordingDispatcher();
        Hooks.install(d);
        long outer = Hooks.enter(7);
        long inner = Hooks.enter(7);
        long other = Hooks.enter(8);
        assertEquals(Hooks.NESTED, inner);
        Hooks.exit(8, other, null);
        Hooks.exit(7, inner, null);
        Hooks.exit(7, outer, new RuntimeException("boom"));
        assertEquals(List.of("enter 7", "enter 8", "exit 8 101", "exit 7 100 boom"), d.events);
        // The depth is back to zero: the next call is an outermost call again.
        assertEquals(102, Hooks.enter(7));
    }

    @Test
    void faultsAreReportedNeverThrown() {
        RecordingDispatcher d = new RecordingDispatcher();
        Hooks.install(d);
        d.failOnEnter = true;
        assertEquals(Hooks.UNTRACKED, Hooks.enter(1));
        d.failOnEnter = false;
        d.failOnExit = true;
        long token = Hooks.enter(1);
        Hooks.exit(1, token, null);
        assertEquals(2, d.faults.size());
        d.failOnExit = false;
        // The failed entry did not leave the site marked active.
        assertTrue(Hooks.enter(1) > Hooks.NESTED);
    }

    @Test
    void largeSiteIdsGrowTheDepthTable() {
        RecordingDispatcher d = new RecordingDispatcher();
        Hooks.install(d);
        long token = Hooks.enter(5000);
        assertEquals(Hooks.NESTED, Hooks.enter(5000));
        Hooks.exit(5000, Hooks.NESTED, null);
        Hooks.exit(5000, token, null);
        assertEquals(List.of("enter 5000", "exit 5000 100"), d.events);
    }

    @Test
    void aSharedOutcomeHandsEachCallsOwnTokenToItsExit() {
        Outcome cached = Outcome.returning("stored");
        List<String> exits = new ArrayList<>();
        RecordingDispatcher d = new RecordingDispatcher() {
            @Override
            public Object call(int site, long token, Object self, Object[] args) {
                return cached; // one instance answers every call, as a cache hit does
            }

            @Override
            public void exitCall(int site, long token, Object state, Object returned, Throwable thrown) {
                exits.add(site + " " + token + " " + returned);
            }
        };
        Hooks.install(d);
        Object first = Hooks.invoke(3, null, new Object[0]);
        Object other = Hooks.invoke(4, null, new Object[0]);
        assertSame(cached, first);
        assertSame(cached, other);
        Hooks.exitCall(4, other, "stored", null);
        Hooks.exitCall(3, first, "stored", null);
        Object again = Hooks.invoke(3, null, new Object[0]);
        Hooks.exitCall(3, again, "stored", null);
        assertEquals(List.of("4 101 stored", "3 100 stored", "3 102 stored"), exits);
    }

    @Test
    void oneOwnerAtATime() {
        Object first = new Object();
        Object second = new Object();
        assertTrue(Hooks.claim(first));
        assertFalse(Hooks.claim(second));
        Hooks.control(cmd -> "ok " + cmd);
        assertEquals("ok status", Hooks.control().apply("status"));
        Hooks.release(second);
        assertSame(first, Hooks.owner());
        Hooks.release(first);
        assertNull(Hooks.owner());
        assertNull(Hooks.control());
        assertTrue(Hooks.claim(second));
    }
}
